import { runVllmServe } from '../testing/serve-args/run-vllm-serve';
import { watchLauncher } from './watch-launcher';

/** The signals that stop the emulator (as they stop `vllm serve`). SIGHUP: the terminal went away. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * `vllm-ai-provider emulate [model] [vllm serve flags…]`: stands in for `vllm serve`. Emulator-only
 * settings come from the environment (VLLM_EMULATOR_VERSION, VLLM_EMULATOR_STARTUP_DELAY_MS,
 * VLLM_EMULATOR_FAILURE, VLLM_EMULATOR_TTFT_MS, VLLM_EMULATOR_TOKENS_PER_SECOND,
 * VLLM_EMULATOR_DEFAULT_HOST, VLLM_EMULATOR_EXIT_WITH_PARENT) so the flag set stays exactly vLLM's.
 *
 * It stops — closing its port — on SIGINT, SIGTERM and SIGHUP, and when whatever started it exits
 * (`npx`, a test runner, a shell script; see watch-launcher.ts), unless
 * VLLM_EMULATOR_EXIT_WITH_PARENT=0 (to leave it running in the background on purpose).
 */
export async function run(argv: string[]): Promise<number> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  // With the launcher gone, stdout/stderr may be pipes nobody reads (EPIPE): shut down cleanly anyway.
  const ignoreClosedPipe = () => {};
  process.stdout.on('error', ignoreClosedPipe);
  process.stderr.on('error', ignoreClosedPipe);
  for (const signal of STOP_SIGNALS) process.once(signal, stop);
  const stopWatching =
    process.env.VLLM_EMULATOR_EXIT_WITH_PARENT === '0'
      ? () => {}
      : watchLauncher((reason) => {
          process.stderr.write(`vllm-ai-provider emulate: stopping, ${reason}.\n`);
          stop();
        });
  try {
    return await runVllmServe(argv, { signal: controller.signal });
  } finally {
    stopWatching();
    for (const signal of STOP_SIGNALS) process.off(signal, stop);
    process.stdout.off('error', ignoreClosedPipe);
    process.stderr.off('error', ignoreClosedPipe);
  }
}
