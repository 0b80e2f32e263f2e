// Runs once when the Next.js server starts. Without VLLM_BASE_URL, `next dev` (and `next start` with
// PLAYGROUND_EMULATOR=1) starts the GPU-free vLLM emulator from `vllm-ai-provider/testing` in this
// process, with a reasoning parser and a tool parser so reasoning and tool calls show in the chat.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.VLLM_BASE_URL) return;
  if (process.env.NODE_ENV === 'production' && process.env.PLAYGROUND_EMULATOR !== '1') return;
  const { startDevelopmentEmulator } = await import('./lib/development-emulator');
  await startDevelopmentEmulator();
}
