/** A subcommand module: `run(argv)` resolves with the process exit code. */
export interface CliCommandModule {
  run(argv: string[]): Promise<number>;
}

/** One `vllm-ai-provider <name>` subcommand (lazy-loaded: each lives in its own file). */
export interface CliCommand {
  summary: string;
  load(): Promise<CliCommandModule>;
}

/** The subcommands. Add one line per subcommand file (`serve`, `ps`, `stop`, `prune`, `bench`…). */
export const COMMANDS: Readonly<Record<string, CliCommand>> = {
  emulate: {
    summary: 'Run the GPU-free vLLM emulator; takes `vllm serve` arguments ([model] [--flags…]).',
    load: () => import('./emulate'),
  },
  serve: { summary: 'Start vLLM, show progress, print the base URL.', load: () => import('./serve') },
  ps: { summary: 'List the vLLM servers started by vllm-ai-provider.', load: () => import('./ps') },
  stop: { summary: 'Stop and remove vLLM servers by id or name (or --all).', load: () => import('./stop') },
  prune: { summary: 'Remove orphaned and stopped vLLM servers (or --all).', load: () => import('./prune') },
  bench: { summary: 'Load-test a vLLM server: throughput, latency.', load: () => import('./bench') },
};
