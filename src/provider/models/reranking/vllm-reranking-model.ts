import type {
  JSONObject,
  RerankingModelV4,
  RerankingModelV4CallOptions,
  RerankingModelV4Result,
  SharedV4Warning,
} from '@ai-sdk/provider';
import { z } from 'zod/v4';
import { VLLM_ENDPOINTS } from '../../../server/server-endpoints';
import { createServerRequester, parseAnswer, type ServerRequester } from '../../../server/server-request';
import type { VllmConnection } from '../../connection/vllm-settings';
import { parseVllmProviderOptions } from '../../options/vllm-provider-options';
import {
  type VllmRerankingModelOptions,
  vllmRerankingModelOptionsSchema,
} from '../../options/vllm-reranking-model-options';

/** Id of a reranker (cross-encoder) served by vLLM with `--runner pooling`. */
export type VllmRerankingModelId =
  | 'BAAI/bge-reranker-v2-m3'
  | 'BAAI/bge-reranker-base'
  | 'Qwen/Qwen3-Reranker-0.6B'
  | 'jinaai/jina-reranker-v2-base-multilingual'
  | 'mixedbread-ai/mxbai-rerank-base-v2'
  | 'cross-encoder/ms-marco-MiniLM-L-6-v2'
  | (string & {});

/** Configuration the provider hands to each reranking model. */
export interface VllmRerankingConfig {
  /** `<name>.reranking`; `<name>` is the `providerOptions` key. */
  provider: string;
  connection: VllmConnection;
}

const rerankResponseSchema = z.object({
  id: z.string().nullish(),
  model: z.string().nullish(),
  usage: z.object({ prompt_tokens: z.number().nullish(), total_tokens: z.number().nullish() }).nullish(),
  results: z.array(z.object({ index: z.number(), relevance_score: z.number() })),
});

/**
 * A vLLM reranking model over `POST /rerank` (vLLM's Jina/Cohere-style endpoint at the server root).
 * Works with `rerank()` from `ai`. Object documents are sent as text: JSON, or the `rankFields`.
 */
export class VllmRerankingModel implements RerankingModelV4 {
  readonly specificationVersion = 'v4';
  readonly modelId: VllmRerankingModelId;
  private readonly config: VllmRerankingConfig;
  private readonly requester: ServerRequester;

  constructor(modelId: VllmRerankingModelId, config: VllmRerankingConfig) {
    this.modelId = modelId;
    this.config = config;
    // No default time limit: like the other models, a rerank runs as long as the caller allows.
    this.requester = createServerRequester(config.connection, 0);
  }

  get provider(): string {
    return this.config.provider;
  }

  async doRerank({
    documents,
    query,
    topN,
    abortSignal,
    providerOptions,
    headers,
  }: RerankingModelV4CallOptions): Promise<RerankingModelV4Result> {
    const key = this.config.provider.split('.')[0];
    const options: VllmRerankingModelOptions =
      parseVllmProviderOptions({ key, providerOptions, schema: vllmRerankingModelOptionsSchema }) ?? {};
    const warnings: SharedV4Warning[] = [];
    if (documents.type === 'text' && options.rankFields) {
      warnings.push({
        type: 'other',
        message: 'rankFields applies to object documents only; ignored for text.',
      });
    }

    const body = {
      model: this.modelId,
      query,
      documents:
        documents.type === 'text'
          ? documents.values
          : documents.values.map((document) => objectToText(document, options.rankFields)),
      ...(topN !== undefined ? { top_n: topN } : {}),
      truncate_prompt_tokens: options.truncatePromptTokens,
      priority: options.priority,
      ...options.extraBody,
    };

    const answer = await this.requester.send(VLLM_ENDPOINTS.rerank, { body, abortSignal, headers });
    const response = parseAnswer(VLLM_ENDPOINTS.rerank, answer.url, answer.text, body, rerankResponseSchema);

    return {
      ranking: response.results
        .map((result) => ({ index: result.index, relevanceScore: result.relevance_score }))
        .sort((a, b) => b.relevanceScore - a.relevanceScore),
      providerMetadata: {
        [key]: {
          ...(response.usage?.prompt_tokens != null ? { promptTokens: response.usage.prompt_tokens } : {}),
          ...(response.usage?.total_tokens != null ? { totalTokens: response.usage.total_tokens } : {}),
        },
      },
      warnings,
      response: {
        id: response.id ?? undefined,
        modelId: response.model ?? undefined,
        headers: answer.headers,
        body: JSON.parse(answer.text) as unknown,
      },
    };
  }
}

/** vLLM ranks text: an object becomes its JSON, or `field: value` lines of the chosen fields. */
function objectToText(document: JSONObject, rankFields: string[] | undefined): string {
  if (!rankFields) return JSON.stringify(document);
  return rankFields
    .filter((field) => document[field] !== undefined)
    .map((field) => {
      const value = document[field];
      return `${field}: ${typeof value === 'string' ? value : JSON.stringify(value)}`;
    })
    .join('\n');
}

/** Used by `createVllm()`: a reranking model named `<providerName>.reranking` on the provider's connection. */
export function createVllmRerankingModel(
  modelId: VllmRerankingModelId,
  providerName: string,
  connection: VllmConnection,
): VllmRerankingModel {
  return new VllmRerankingModel(modelId, { provider: `${providerName}.reranking`, connection });
}
