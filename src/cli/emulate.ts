import { runVllmServe } from '../testing/serve-args/run-vllm-serve';

/**
 * `vllm-ai-provider emulate [model] [vllm serve flags…]`: stands in for `vllm serve`. Emulator-only
 * settings come from the environment (VLLM_EMULATOR_VERSION, VLLM_EMULATOR_STARTUP_DELAY_MS,
 * VLLM_EMULATOR_FAILURE, VLLM_EMULATOR_TTFT_MS, VLLM_EMULATOR_TOKENS_PER_SECOND,
 * VLLM_EMULATOR_DEFAULT_HOST) so the flag set stays exactly vLLM's.
 */
export async function run(argv: string[]): Promise<number> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await runVllmServe(argv, { signal: controller.signal });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
