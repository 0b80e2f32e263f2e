import type { EmbeddingModelV4, EmbeddingModelV4CallOptions, EmbeddingModelV4Result } from '@ai-sdk/provider';
import {
  combineHeaders,
  convertBase64ToUint8Array,
  createJsonErrorResponseHandler,
  createJsonResponseHandler,
  type FetchFunction,
  postJsonToApi,
  type Resolvable,
  resolve,
} from '@ai-sdk/provider-utils';
import { z } from 'zod/v4';
import { vllmErrorStructure } from '../../connection/vllm-error';
import { vllmEmbeddingModelOptionsSchema } from '../../options/vllm-embedding-model-options';
import { parseVllmProviderOptions } from '../../options/vllm-provider-options';
import { modelServerFromConfig } from '../../version/vllm-model-server';
import type { VllmEmbeddingModelId } from '../vllm-model-ids';
import { explainVllmCallError } from '../vllm-model-not-found';

/** Configuration the provider hands to each embedding model. */
export interface VllmEmbeddingConfig {
  provider: string;
  url: (options: { modelId: string; path: string }) => string;
  headers: Resolvable<Record<string, string | undefined>>;
  fetch?: FetchFunction;
  /** Inputs per request; `embedMany` splits larger batches. */
  maxEmbeddingsPerCall?: number;
}

const embeddingResponseSchema = z.object({
  data: z.array(z.object({ index: z.number(), embedding: z.union([z.array(z.number()), z.string()]) })),
  usage: z.object({ prompt_tokens: z.number() }).nullish(),
});

/**
 * A vLLM embedding model (`/v1/embeddings`). Sends vLLM's own fields (`truncate_prompt_tokens`,
 * `dimensions`, `encoding_format`, …), which openai-compatible's fixed request body cannot carry.
 */
export class VllmEmbeddingModel implements EmbeddingModelV4 {
  readonly specificationVersion = 'v4';
  readonly modelId: VllmEmbeddingModelId;
  /** vLLM batches inputs itself; 2048 keeps one request body to a few MB of text. */
  readonly maxEmbeddingsPerCall: number;
  /** vLLM schedules concurrent requests together (continuous batching). */
  readonly supportsParallelCalls = true;
  private readonly config: VllmEmbeddingConfig;

  constructor(modelId: VllmEmbeddingModelId, config: VllmEmbeddingConfig) {
    this.modelId = modelId;
    this.config = config;
    this.maxEmbeddingsPerCall = config.maxEmbeddingsPerCall ?? 2048;
  }

  get provider(): string {
    return this.config.provider;
  }

  async doEmbed({
    values,
    dimensions,
    abortSignal,
    providerOptions,
    headers,
  }: EmbeddingModelV4CallOptions): Promise<EmbeddingModelV4Result> {
    const options =
      parseVllmProviderOptions({
        key: this.config.provider.split('.')[0],
        providerOptions,
        schema: vllmEmbeddingModelOptionsSchema,
      }) ?? {};
    const encodingFormat = options.encodingFormat ?? 'float';

    const body = {
      model: this.modelId,
      input: values,
      encoding_format: encodingFormat,
      dimensions: dimensions ?? options.dimensions,
      truncate_prompt_tokens: options.truncatePromptTokens,
      truncation_side: options.truncationSide,
      add_special_tokens: options.addSpecialTokens,
      priority: options.priority,
      user: options.user,
      ...options.extraBody,
    };

    const {
      responseHeaders,
      value: response,
      rawValue,
    } = await postJsonToApi({
      url: this.config.url({ path: '/embeddings', modelId: this.modelId }),
      headers: combineHeaders(await resolve(this.config.headers), headers),
      body,
      failedResponseHandler: createJsonErrorResponseHandler(vllmErrorStructure),
      successfulResponseHandler: createJsonResponseHandler(embeddingResponseSchema),
      abortSignal,
      fetch: this.config.fetch,
    }).catch(async (error: unknown) => {
      // A wrong baseURL, a chat-only server, an unknown model name: say which and what to do.
      throw await explainVllmCallError(error, modelServerFromConfig(this.config, this.modelId).connection);
    });

    const embeddings = [...response.data]
      .sort((a, b) => a.index - b.index)
      .map((item) => (typeof item.embedding === 'string' ? decodeFloat32(item.embedding) : item.embedding));

    return {
      embeddings,
      usage: response.usage ? { tokens: response.usage.prompt_tokens } : undefined,
      response: { headers: responseHeaders, body: rawValue },
      warnings: [],
    };
  }
}

/** Decodes vLLM's base64 embedding (little-endian float32 bytes) into numbers. */
function decodeFloat32(base64: string): number[] {
  const bytes = convertBase64ToUint8Array(base64);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const result = new Array<number>(bytes.byteLength / 4);
  for (let index = 0; index < result.length; index++) result[index] = view.getFloat32(index * 4, true);
  return result;
}
