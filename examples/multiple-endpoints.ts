// Several vLLM replicas as one model: requests are spread over them, a dead replica is skipped
// (failover within the same call), its circuit opens so it gets no traffic for a while.
// For more than a handful of replicas, put vLLM production-stack / llm-d / KServe in front and use
// one baseURL instead (see the README, "Several endpoints").
//   npm run example multiple-endpoints      (your replicas: VLLM_ENDPOINTS=http://a:8000/v1,http://b:8000/v1)
import { generateText } from 'ai';
import { createVllm } from 'vllm-ai-provider';
import { startVllmEmulator } from 'vllm-ai-provider/testing';

const model = process.env.VLLM_MODEL ?? 'Qwen/Qwen3-8B';
const configured = process.env.VLLM_ENDPOINTS?.split(',').map((url) => url.trim());
const replicas = configured
  ? []
  : await Promise.all([1, 2, 3].map(() => startVllmEmulator({ model, tokensPerSecond: 500 })));
const endpoints = configured ?? replicas.map((replica) => replica.baseURL);
console.log(
  configured
    ? `Using your replicas (VLLM_ENDPOINTS): ${endpoints.join(', ')}`
    : `VLLM_ENDPOINTS is not set: started 3 embedded vLLM emulators: ${endpoints.join(', ')}`,
);

await using vllm = createVllm({
  endpoints,
  loadBalancing: 'round-robin', // or 'least-busy', 'session' (sticky by providerOptions.vllm.sessionKey)
  circuitBreaker: { failureThreshold: 2, resetTimeoutMs: 30_000 },
  onEvent: (event) =>
    console.log(`  event ${event.type} ${event.endpoint}${'to' in event ? ` → ${event.to}` : ''}`),
});

async function ask(count: number) {
  const answers = await Promise.allSettled(
    Array.from({ length: count }, (_, index) =>
      generateText({ model: vllm(model), prompt: `Question ${index}`, maxOutputTokens: 16 }),
    ),
  );
  const failed = answers.filter((answer) => answer.status === 'rejected').length;
  console.log(`${count - failed}/${count} calls succeeded`);
}

await ask(6);
if (replicas.length > 0) {
  console.log(`\nstopping replica 2 (${replicas[1].baseURL}): its calls fail over to the others`);
  await replicas[1].close();
  await ask(9);
}

console.log('\nper endpoint:');
for (const endpoint of vllm.stats().endpoints) {
  console.log(
    `  ${endpoint.endpoint}  requests ${endpoint.requests}, ok ${endpoint.successes}, errors ${endpoint.errors}, circuit ${endpoint.circuit}`,
  );
}
await Promise.all(replicas.map((replica) => replica.close()));
