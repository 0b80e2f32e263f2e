import type {
  EmbeddingModelV4,
  EmbeddingModelV4CallOptions,
  EmbeddingModelV4Result,
  SharedV4Warning,
} from '@ai-sdk/provider';
import {
  convertBase64ToUint8Array,
  createJsonResponseHandler,
  type FetchFunction,
  type Resolvable,
} from '@ai-sdk/provider-utils';
import { z } from 'zod/v4';
import { vllmEmbeddingModelOptionsSchema } from '../../options/vllm-embedding-model-options';
import { parseVllmProviderOptions } from '../../options/vllm-provider-options';
import { modelServerFromConfig, type VllmModelServer } from '../../version/vllm-model-server';
import {
  acceptsEmbeddingField,
  embeddingFieldSince,
  formatVersionOrdinal,
} from '../../version/vllm-request-fields';
import { describeServerVersion } from '../../version/vllm-server-version';
import { postToVllm } from '../vllm-api';
import type { VllmEmbeddingModelId } from '../vllm-model-ids';

/** Configuration the provider hands to each embedding model. */
export interface VllmEmbeddingConfig {
  provider: string;
  url: (options: { modelId: string; path: string }) => string;
  headers: Resolvable<Record<string, string | undefined>>;
  fetch?: FetchFunction;
  /** Inputs per request; `embedMany` splits larger batches. */
  maxEmbeddingsPerCall?: number;
  /** The provider's shared server access (version probe); derived from `url`/`fetch` when absent. */
  server?: VllmModelServer;
  /** The provider's `vllmVersion` setting (used when `server` is absent). */
  vllmVersion?: string;
}

const embeddingResponseSchema = z.object({
  data: z.array(z.object({ index: z.number(), embedding: z.union([z.array(z.number()), z.string()]) })),
  usage: z.object({ prompt_tokens: z.number() }).nullish(),
});

const embeddingResponseHandler = createJsonResponseHandler(embeddingResponseSchema);

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
  private readonly server: VllmModelServer;

  constructor(modelId: VllmEmbeddingModelId, config: VllmEmbeddingConfig) {
    this.modelId = modelId;
    this.config = config;
    this.maxEmbeddingsPerCall = config.maxEmbeddingsPerCall ?? 2048;
    this.server = config.server ?? modelServerFromConfig(config, modelId);
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
    const warnings: SharedV4Warning[] = [];
    const truncationSide =
      options.truncationSide === undefined
        ? undefined
        : await this.sinceVersion(
            'truncation_side',
            'truncationSide',
            options.truncationSide,
            abortSignal,
            warnings,
          );

    const body = {
      model: this.modelId,
      input: values,
      encoding_format: encodingFormat,
      dimensions: dimensions ?? options.dimensions,
      truncate_prompt_tokens: options.truncatePromptTokens,
      truncation_side: truncationSide,
      add_special_tokens: options.addSpecialTokens,
      priority: options.priority,
      user: options.user,
      ...options.extraBody,
    };

    const {
      responseHeaders,
      value: response,
      rawValue,
    } = await postToVllm({
      config: this.config,
      server: this.server,
      url: this.config.url({ path: '/embeddings', modelId: this.modelId }),
      call: { abortSignal, headers },
      headers: undefined,
      body,
      successfulResponseHandler: embeddingResponseHandler,
    });

    const embeddings = [...response.data]
      .sort((a, b) => a.index - b.index)
      .map((item) => (typeof item.embedding === 'string' ? decodeFloat32(item.embedding) : item.embedding));

    return {
      embeddings,
      usage: response.usage ? { tokens: response.usage.prompt_tokens } : undefined,
      response: { headers: responseHeaders, body: rawValue },
      warnings,
    };
  }

  /**
   * `value` when the server's release reads the body field, else `undefined` and a warning (an old
   * server would ignore the field silently). Asks the server's version (one shared `GET /version`)
   * only for the fields that need it.
   */
  private async sinceVersion<T>(
    field: string,
    option: string,
    value: T,
    abortSignal: AbortSignal | undefined,
    warnings: SharedV4Warning[],
  ): Promise<T | undefined> {
    const since = embeddingFieldSince(field);
    if (since === undefined) return value;
    const resolved = await this.server.version.resolve(abortSignal);
    if (resolved.warning !== undefined) warnings.push(resolved.warning);
    if (acceptsEmbeddingField(resolved.features.ordinal, field)) return value;
    const key = this.config.provider.split('.')[0];
    warnings.push({
      type: 'unsupported',
      feature: `providerOptions.${key}.${option}`,
      details: `${describeServerVersion(resolved.features)} does not read ${field} on /v1/embeddings (vLLM ≥ ${formatVersionOrdinal(since)}); not sent.`,
    });
    return undefined;
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
