// `npm run soak`: the chaos soak (test/soak/). Starts the emulator fleet, runs the mixed load in a
// child process under every fault kind, prints the figures and saves JSON + an SVG timeline in
// bench/results/. Loopback only; stops by itself. `--calls N` / `--concurrency N` override the size.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runSoak } from '../test/soak/run-soak';
import { FULL_SOAK } from '../test/soak/soak-config';
import { formatFigures } from '../test/soak/soak-report';
import { renderSoakTimeline } from '../test/soak/soak-timeline-svg';

const { values } = parseArgs({
  options: { calls: { type: 'string' }, concurrency: { type: 'string' } },
});
const config = {
  ...FULL_SOAK,
  ...(values.calls !== undefined && { calls: Number(values.calls) }),
  ...(values.concurrency !== undefined && { concurrency: Number(values.concurrency) }),
};

let lastProgress = 0;
const run = await runSoak(config, (line) => {
  if (Date.now() - lastProgress < 5_000) return;
  lastProgress = Date.now();
  console.log(`  ${line}`);
});
console.log(formatFigures(run));

const folder = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(folder, { recursive: true });
const stamp = new Date(run.startedAt).toISOString().replace(/[:.]/g, '-');
const { records, ...client } = run.client;
const json = join(folder, `soak-${stamp}.json`);
// Every call's outcome stays in the JSON, attempts only for the calls that needed more than one.
writeFileSync(
  json,
  `${JSON.stringify(
    {
      ...run,
      client: {
        ...client,
        records: records.map(({ attempts, ...record }) => ({
          ...record,
          attempts: attempts.length > 1 ? attempts : attempts.length,
        })),
      },
    },
    null,
    1,
  )}\n`,
);
const svg = join(folder, `soak-${stamp}.svg`);
writeFileSync(svg, renderSoakTimeline(run));
console.log(`written: ${json}\n         ${svg}`);
