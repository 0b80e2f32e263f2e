import { startVllmEmulator, type VllmEmulator } from 'vllm-ai-provider/testing';

const globalState = globalThis as typeof globalThis & {
  vllmPlaygroundEmulator?: Promise<VllmEmulator>;
  vllmPlaygroundMediaEmulators?: Promise<[VllmEmulator, VllmEmulator]>;
};

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
  // `vllm serve Qwen/Qwen2.5-VL-3B-Instruct --limit-mm-per-prompt '{"image": 4}'` and `vllm serve openai/whisper-large-v3-turbo`.
  globalState.vllmPlaygroundMediaEmulators ??= Promise.all([
    startVllmEmulator({
      model: 'Qwen/Qwen2.5-VL-3B-Instruct',
      limitMmPerPrompt: { image: 4 },
      timeToFirstTokenMs: 300,
      tokensPerSecond: 40,
    }),
    startVllmEmulator({ model: 'openai/whisper-large-v3-turbo', tokensPerSecond: 80 }),
  ]);
  const emulator = await globalState.vllmPlaygroundEmulator;
  const [vision, whisper] = await globalState.vllmPlaygroundMediaEmulators;
  process.env.VLLM_BASE_URL = emulator.baseURL;
  process.env.VLLM_VISION_BASE_URL ??= vision.baseURL;
  process.env.VLLM_TRANSCRIPTION_BASE_URL ??= whisper.baseURL;
  process.env.PLAYGROUND_USES_EMULATOR = '1';
  console.log(
    `[playground] VLLM_BASE_URL is not set: started the vLLM emulator at ${emulator.baseURL} ` +
      '(Qwen/Qwen3-8B, reasoning parser qwen3, tool parser hermes), a vision model (Qwen/Qwen2.5-VL-3B-Instruct) ' +
      `at ${vision.baseURL} and Whisper at ${whisper.baseURL}. Set VLLM_BASE_URL to use your vLLM server.`,
  );
  return emulator;
}
