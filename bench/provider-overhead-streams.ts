// Child process of `npm run bench` (a fresh process per run, so peak RSS is this run's own):
// STREAMS concurrent streamed calls through one contender (streamText where it applies, else the
// contender's own streaming call). Prints {wallMs, errors, peakRssMB, startRssMB, deltas} as JSON.
import { loadBuiltCreateVllm } from './provider-overhead-build';
import { CONTENDER_NAMES, type ContenderName, createContenders } from './provider-overhead-contenders';

const [baseURL, name, streams, tokens] = process.argv.slice(2);
if (!CONTENDER_NAMES.includes(name as ContenderName)) throw new Error(`unknown contender ${name}`);
const contender = createContenders({
  baseURL,
  maxTokens: 16,
  streamTokens: Number(tokens),
  createVllm: await loadBuiltCreateVllm(),
})[name as ContenderName];
const call = contender.streamText ?? contender.stream;

for (let index = 0; index < 20; index++) await call(); // warm-up: JIT, connection
const startRssMB = process.memoryUsage().rss / 2 ** 20;
let errors = 0;
let deltas = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: Number(streams) }, () =>
    call().then(
      (count) => {
        deltas += count;
      },
      () => {
        errors++;
      },
    ),
  ),
);
const wallMs = performance.now() - started;
const peakRssMB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify({ wallMs, errors, peakRssMB, startRssMB, deltas })}\n`);
process.exit(0);
