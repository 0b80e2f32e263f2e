// LoRA adapters per call: one model object, many adapters. vLLM selects an adapter by the request's
// `model` field; `providerOptions.vllm.loraAdapter` sets it for one call. Adapters come from
// `vllm serve <model> --enable-lora --lora-modules name=path`, or are loaded at runtime through the
// server client (needs VLLM_ALLOW_RUNTIME_LORA_UPDATING=1 on the server).
//   npm run example lora      (your server: VLLM_BASE_URL, VLLM_MODEL, VLLM_LORA_ADAPTER)
import { generateText } from 'ai';
import { createVllm, type VllmLanguageModelChatOptions } from 'vllm-ai-provider';
import { exampleServer } from './helpers/example-server';

await using server = await exampleServer({
  model: 'meta-llama/Llama-3.1-8B-Instruct',
  enableLora: true, // --enable-lora --lora-modules sql-lora=yard1/llama-2-7b-sql-lora-test
  loraModules: [{ name: 'sql-lora', path: 'yard1/llama-2-7b-sql-lora-test' }],
  allowRuntimeLoraUpdating: true, // env VLLM_ALLOW_RUNTIME_LORA_UPDATING=1
});
const vllm = createVllm({ baseURL: server.baseURL });
const model = vllm(server.model); // the base model; adapters are picked per call

if (server.emulated) {
  // Load a second adapter at runtime (POST /v1/load_lora_adapter). The path is on the vLLM host.
  const loaded = await vllm.server.loadLoraAdapter({ name: 'support-lora', path: '/adapters/support' });
  console.log(`loaded ${loaded.name}: ${loaded.message}`);
}
const adapters = await vllm.server.listLoraAdapters();
console.log(
  `adapters served: ${adapters.map((adapter) => `${adapter.id} (on ${adapter.parent})`).join(', ')}`,
);

const adapter = process.env.VLLM_LORA_ADAPTER ?? 'sql-lora';
const prompt = 'Write a SQL query that counts the users created this year.';
const base = await generateText({ model, prompt, maxOutputTokens: 40 });
const tuned = await generateText({
  model,
  prompt,
  maxOutputTokens: 40,
  providerOptions: { vllm: { loraAdapter: adapter } satisfies VllmLanguageModelChatOptions },
});
console.log(`\nbase model (${base.response.modelId}): ${base.text}`);
console.log(`\nadapter    (${tuned.response.modelId}): ${tuned.text}`);

if (server.emulated) {
  const unloaded = await vllm.server.unloadLoraAdapter('support-lora'); // POST /v1/unload_lora_adapter
  console.log(`\nunloaded ${unloaded.name}`);
}
