// The sidecar: start a vLLM server in Docker from code, wait until it is ready (with progress by
// startup phase), use it through the AI SDK, stop it. Needs a Docker engine; skipped otherwise.
//   npm run example sidecar
// Without VLLM_CONTAINER_IMAGE it runs this repository's vLLM emulator image (no GPU needed; built
// with `npm run build:emulator-image`); set VLLM_CONTAINER_IMAGE=vllm/vllm-openai:<tag> and
// VLLM_CONTAINER_GPU=all on a GPU host for real vLLM.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { generateText } from 'ai';
import type { VllmLanguageModelChatOptions } from 'vllm-ai-provider';
import { checkHost, startVllmServer } from 'vllm-ai-provider/sidecar';

const host = await checkHost({ gpus: false });
if (!host.dockerAvailable) {
  console.log(`Skipped: no Docker engine is reachable. ${host.issues.join(' ')}`);
  console.log(
    'Install and start Docker (e.g. `apt-get install docker.io && dockerd &`), then run this again.',
  );
  process.exit(0);
}

let image = process.env.VLLM_CONTAINER_IMAGE;
if (!image) {
  console.log(
    'VLLM_CONTAINER_IMAGE is not set: building/using the vLLM emulator image (behaves like vllm/vllm-openai, no GPU)…',
  );
  const script = join(import.meta.dirname, '../scripts/build-emulator-image.mjs');
  image = execFileSync(process.execPath, [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
    .trim()
    .split('\n')
    .at(-1);
}

const startedAt = Date.now();
await using server = await startVllmServer({
  model: process.env.VLLM_MODEL ?? 'Qwen/Qwen3-0.6B', // the preset adds --reasoning-parser qwen3 --tool-call-parser hermes
  image,
  gpus: process.env.VLLM_CONTAINER_IMAGE ? undefined : false, // undefined: VLLM_CONTAINER_GPU, else all GPUs
  maxModelLen: 8192, // --max-model-len 8192
  env: process.env.VLLM_CONTAINER_IMAGE ? undefined : { VLLM_EMULATOR_STARTUP_DELAY_MS: '1500' },
  onProgress: (progress) => {
    if (progress.phaseStarted)
      console.log(`  [${progress.step}/${progress.totalSteps}] ${progress.phase}: ${progress.message}`);
  },
});
console.log(
  `ready after ${Date.now() - startedAt} ms: ${server.baseURL} (container ${server.containerId.slice(0, 12)})`,
);
console.log(`capabilities: ${JSON.stringify(server.capabilities)}`);

// server.provider() is a createVllm() already pointed at the container (baseURL, API key).
const vllm = server.provider();
const { text } = await generateText({
  model: vllm(server.modelId),
  prompt: 'Say hello from a container.',
  maxOutputTokens: 40,
  providerOptions: { vllm: { thinking: false } satisfies VllmLanguageModelChatOptions },
});
console.log(`\n${text}\n`);
const health = await server.health();
console.log(
  `health: ${health.healthy ? 'healthy' : 'unhealthy'} (GET /health → ${health.status}, container running: ${health.running})`,
);
const stats = await server.stats();
console.log(
  `container: CPU ${stats.cpuPercent?.toFixed(1)} %, memory ${((stats.memoryBytes ?? 0) / 2 ** 20).toFixed(0)} MiB`,
);

const stopStartedAt = Date.now();
await server.stop(); // also done by `await using` at the end of the scope, and on Ctrl-C / exit
console.log(`stopped in ${Date.now() - stopStartedAt} ms`);
