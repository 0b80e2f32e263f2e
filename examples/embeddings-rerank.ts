// Embeddings and reranking. Both need a pooling model (`vllm serve <model> --runner pooling`),
// usually a second vLLM server next to your chat model.
//   npm run example embeddings-rerank
//   (your servers: VLLM_EMBEDDING_BASE_URL + VLLM_EMBEDDING_MODEL, VLLM_RERANK_BASE_URL + VLLM_RERANK_MODEL)
import { cosineSimilarity, embed, embedMany, rerank } from 'ai';
import { createVllm, type VllmEmbeddingModelOptions, type VllmRerankingModelOptions } from 'vllm-ai-provider';
import { exampleServer } from './helpers/example-server';

await using embeddingServer = await exampleServer({
  model: 'BAAI/bge-m3',
  runner: 'pooling',
  baseURLVariable: 'VLLM_EMBEDDING_BASE_URL',
  modelVariable: 'VLLM_EMBEDDING_MODEL',
});
await using rerankServer = await exampleServer({
  model: 'BAAI/bge-reranker-v2-m3',
  runner: 'pooling',
  baseURLVariable: 'VLLM_RERANK_BASE_URL',
  modelVariable: 'VLLM_RERANK_MODEL',
});

const documents = [
  'vLLM is a fast inference engine for large language models.',
  'PagedAttention manages the KV cache in fixed-size blocks.',
  'Bananas are rich in potassium.',
  'Continuous batching keeps the GPU busy with many requests.',
];
const query = 'How does vLLM use GPU memory efficiently?';

// Embeddings: /v1/embeddings.
const embedder = createVllm({ baseURL: embeddingServer.baseURL }).embeddingModel(embeddingServer.model);
const { embeddings, usage } = await embedMany({ model: embedder, values: documents });
const { embedding: queryEmbedding } = await embed({
  model: embedder,
  value: query,
  // Typed options: `satisfies` makes a typo or a wrong value a compile error.
  providerOptions: { vllm: { truncatePromptTokens: -1 } satisfies VllmEmbeddingModelOptions }, // truncate_prompt_tokens
});
console.log(
  `${embeddings.length} embeddings of ${queryEmbedding.length} dimensions (${usage.tokens} tokens)`,
);
for (const [index, document] of documents.entries()) {
  console.log(`  cosine ${cosineSimilarity(queryEmbedding, embeddings[index]).toFixed(3)}  ${document}`);
}

// Reranking: POST /rerank with a cross-encoder, through the SDK's rerank().
const reranker = createVllm({ baseURL: rerankServer.baseURL }).rerankingModel(rerankServer.model);
const { ranking } = await rerank({
  model: reranker,
  query,
  documents,
  topN: 2,
  providerOptions: { vllm: { truncatePromptTokens: 512 } satisfies VllmRerankingModelOptions }, // truncate_prompt_tokens
});
console.log('\ntop 2 after reranking:');
for (const entry of ranking) console.log(`  ${entry.score.toFixed(3)}  ${documents[entry.originalIndex]}`);
