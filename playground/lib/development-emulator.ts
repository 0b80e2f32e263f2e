import { startVllmEmulator, type VllmEmulator } from 'vllm-ai-provider/testing';

const globalState = globalThis as typeof globalThis & {
  vllmPlaygroundEmulator?: Promise<VllmEmulator>;
  vllmPlaygroundVisionEmulator?: Promise<VllmEmulator>;
  vllmPlaygroundWhisperEmulator?: Promise<VllmEmulator>;
};

/**
 * Starts the vLLM emulator (once per process) and points the provider at it through VLLM_BASE_URL,
 * which `createVllm()` reads at request time. It behaves like
 * `vllm serve Qwen/Qwen3-8B --reasoning-parser qwen3 --enable-auto-tool-choice --tool-call-parser hermes`
 * with a decode speed slow enough to watch tokens stream, and few batch slots so load shows up as
 * waiting requests on the server page. A vision and a Whisper emulator are started too, each only
 * when VLLM_VISION_BASE_URL / VLLM_TRANSCRIPTION_BASE_URL does not already name a server.
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
  // `vllm serve Qwen/Qwen2.5-VL-3B-Instruct --limit-mm-per-prompt '{"image": 4}'`
  if (!process.env.VLLM_VISION_BASE_URL) {
    globalState.vllmPlaygroundVisionEmulator ??= startVllmEmulator({
      model: 'Qwen/Qwen2.5-VL-3B-Instruct',
      limitMmPerPrompt: { image: 4 },
      timeToFirstTokenMs: 300,
      tokensPerSecond: 40,
    });
  }
  // `vllm serve openai/whisper-large-v3-turbo`
  if (!process.env.VLLM_TRANSCRIPTION_BASE_URL) {
    globalState.vllmPlaygroundWhisperEmulator ??= startVllmEmulator({
      model: 'openai/whisper-large-v3-turbo',
      tokensPerSecond: 80,
    });
  }
  const emulator = await globalState.vllmPlaygroundEmulator;
  const vision = await globalState.vllmPlaygroundVisionEmulator;
  const whisper = await globalState.vllmPlaygroundWhisperEmulator;
  process.env.VLLM_BASE_URL = emulator.baseURL;
  if (vision) process.env.VLLM_VISION_BASE_URL = vision.baseURL;
  if (whisper) process.env.VLLM_TRANSCRIPTION_BASE_URL = whisper.baseURL;
  process.env.PLAYGROUND_USES_EMULATOR = '1';

  const started = [
    `the vLLM emulator at ${emulator.baseURL} (Qwen/Qwen3-8B, reasoning parser qwen3, tool parser hermes)`,
    vision && `a vision model (Qwen/Qwen2.5-VL-3B-Instruct) at ${vision.baseURL}`,
    whisper && `Whisper at ${whisper.baseURL}`,
  ].filter(Boolean);
  const kept = [
    !vision && `images go to VLLM_VISION_BASE_URL (${process.env.VLLM_VISION_BASE_URL})`,
    !whisper && `audio goes to VLLM_TRANSCRIPTION_BASE_URL (${process.env.VLLM_TRANSCRIPTION_BASE_URL})`,
  ].filter(Boolean);
  console.log(
    `[playground] VLLM_BASE_URL is not set: started ${listed(started)}.` +
      (kept.length > 0 ? ` As set, ${listed(kept)}.` : '') +
      ' Set VLLM_BASE_URL to use your vLLM server.',
  );
  return emulator;
}

/** `a`, `a and b`, `a, b and c`. */
function listed(items: unknown[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
