import { startVllmEmulator, type VllmEmulator } from 'vllm-ai-provider/testing';

const globalState = globalThis as typeof globalThis & { vllmPlaygroundEmulator?: Promise<VllmEmulator> };

/**
 * Starts the vLLM emulator (once per process) and points the provider at it through VLLM_BASE_URL,
 * which `createVllm()` reads at request time. It behaves like
 * `vllm serve Qwen/Qwen3-8B --reasoning-parser qwen3 --enable-auto-tool-choice --tool-call-parser hermes`
 * with a decode speed slow enough to watch tokens stream, and few batch slots so load shows up as
 * waiting requests on the server page.
 */
export async function startDevelopmentEmulator(): Promise<VllmEmulator> {
  globalState.vllmPlaygroundEmulator ??= startVllmEmulator({
    model: 'Qwen/Qwen3-8B',
    reasoningParser: 'qwen3',
    enableAutoToolChoice: true,
    toolCallParser: 'hermes',
    timeToFirstTokenMs: 150,
    tokensPerSecond: 40,
    maxNumSeqs: 4,
  });
  const emulator = await globalState.vllmPlaygroundEmulator;
  process.env.VLLM_BASE_URL = emulator.baseURL;
  process.env.PLAYGROUND_USES_EMULATOR = '1';
  console.log(
    `[playground] VLLM_BASE_URL is not set: started the vLLM emulator at ${emulator.baseURL} ` +
      '(Qwen/Qwen3-8B, reasoning parser qwen3, tool parser hermes). Set VLLM_BASE_URL to use your vLLM server.',
  );
  return emulator;
}
