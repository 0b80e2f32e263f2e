import { parseArgs } from 'node:util';
import { listVllmServers, stopVllmServer, type VllmRuntimeKind } from '../sidecar';

const USAGE = `usage: vllm-ai-provider stop <id|name>… [--all] [--timeout <seconds>] [--runtime docker|podman|process]

Stops and removes vLLM servers started by vllm-ai-provider (ids as shown by \`ps\`; a unique prefix
is enough). --all stops every one of them, reused servers included.
`;

/** `vllm-ai-provider stop`: stops and removes servers by id, id prefix or name. */
export async function run(argv: string[]): Promise<number> {
  let parsed: {
    values: { all?: boolean; timeout?: string; runtime?: string; help?: boolean };
    positionals: string[];
  };
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        all: { type: 'boolean' },
        timeout: { type: 'string' },
        runtime: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    process.stderr.write(`${USAGE}\nvllm-ai-provider stop: ${(error as Error).message}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const timeoutMs = values.timeout === undefined ? undefined : Number(values.timeout) * 1000;
  if (timeoutMs !== undefined && !(timeoutMs >= 0)) {
    process.stderr.write(`vllm-ai-provider stop: --timeout expects seconds, got "${values.timeout}".\n`);
    return 2;
  }
  const runtime = values.runtime as VllmRuntimeKind | undefined;
  const targets = values.all ? (await listVllmServers({ runtime })).map((server) => server.id) : positionals;
  if (targets.length === 0) {
    process.stderr.write(
      values.all
        ? 'No vLLM servers to stop.\n'
        : `${USAGE}\nvllm-ai-provider stop: name at least one server (or --all).\n`,
    );
    return values.all ? 0 : 2;
  }
  let failed = 0;
  for (const target of targets) {
    const stopped = await stopVllmServer(target, { timeoutMs, runtime });
    if (stopped)
      process.stdout.write(
        `stopped ${stopped.id.slice(0, 12)} (${stopped.servedModelName ?? stopped.model ?? '?'})\n`,
      );
    else {
      process.stderr.write(`vllm-ai-provider stop: no server "${target}" (see \`vllm-ai-provider ps\`).\n`);
      failed += 1;
    }
  }
  return failed > 0 ? 1 : 0;
}
