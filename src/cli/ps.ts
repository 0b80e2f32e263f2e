import { parseArgs } from 'node:util';
import { listVllmServers, type VllmRuntimeKind } from '../sidecar';
import { formatServerTable } from '../sidecar/terminal-format';

const USAGE = `usage: vllm-ai-provider ps [--runtime docker|podman|process] [--json]

Lists the vLLM servers started by vllm-ai-provider (running or not): id, model, status, base URL,
owner (the process that started it; "orphan" when it is gone, "reused" for shared servers).
`;

/** `vllm-ai-provider ps`: the servers the sidecar started. */
export async function run(argv: string[]): Promise<number> {
  let values: { runtime?: string; json?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        runtime: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`${USAGE}\nvllm-ai-provider ps: ${(error as Error).message}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const servers = await listVllmServers({ runtime: values.runtime as VllmRuntimeKind | undefined });
  if (values.json) process.stdout.write(`${JSON.stringify(servers, null, 2)}\n`);
  else if (servers.length === 0) process.stdout.write('No vLLM servers started by vllm-ai-provider.\n');
  else process.stdout.write(formatServerTable(servers));
  return 0;
}
