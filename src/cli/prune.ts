import { parseArgs } from 'node:util';
import { listVllmServers, pruneVllmServers, type VllmRuntimeKind } from '../sidecar';

const USAGE = `usage: vllm-ai-provider prune [--all] [--dry-run] [--runtime docker|podman|process]

Removes orphaned servers (their owner process is gone) and stopped ones. --all removes every
server started by vllm-ai-provider, running and reused ones included.
`;

/** `vllm-ai-provider prune`: removes orphaned and stopped servers. */
export async function run(argv: string[]): Promise<number> {
  let values: { all?: boolean; 'dry-run'?: boolean; runtime?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        all: { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        runtime: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`${USAGE}\nvllm-ai-provider prune: ${(error as Error).message}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const runtime = values.runtime as VllmRuntimeKind | undefined;
  const removed = values['dry-run']
    ? (await listVllmServers({ runtime })).filter((server) => values.all || server.orphan || !server.running)
    : await pruneVllmServers({ all: values.all, runtime });
  const verb = values['dry-run'] ? 'would remove' : 'removed';
  for (const server of removed) {
    const why = server.orphan ? 'orphan' : server.running ? 'running' : server.status;
    process.stdout.write(
      `${verb} ${server.id.slice(0, 12)} (${server.servedModelName ?? server.model ?? '?'}, ${why})\n`,
    );
  }
  if (removed.length === 0) process.stdout.write('Nothing to prune.\n');
  return 0;
}
