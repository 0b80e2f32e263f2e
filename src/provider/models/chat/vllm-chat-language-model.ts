import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamResult,
  SharedV4ProviderOptions,
  SharedV4Warning,
} from '@ai-sdk/provider';
import {
  serializeModelOptions,
  validateTypes,
  WORKFLOW_DESERIALIZE,
  WORKFLOW_SERIALIZE,
} from '@ai-sdk/provider-utils';
import { providerOptionsKey } from '../../options/vllm-provider-options';
import { modelServerFromConfig, type VllmModelServer } from '../../version/vllm-model-server';
import { checkServerCapabilities } from '../../version/vllm-server-capabilities';
import {
  postToVllm,
  readVllmEventStream,
  type VllmLanguageModelConfig,
  vllmEventStreamHandler,
  vllmJsonResponseHandler,
} from '../vllm-api';
import type { VllmChatModelId } from '../vllm-model-ids';
import { responsePlanFromBody, VllmStreamCollector } from '../vllm-response-metadata';
import { checkMediaCapabilities } from './media/vllm-media-capabilities';
import { VLLM_SUPPORTED_URLS } from './media/vllm-supported-urls';
import { vllmChatChunkSchema, vllmChatResponseSchema } from './vllm-chat-api';
import { prepareVllmChatRequest, type VllmChatRequest } from './vllm-chat-call';
import { convertVllmChatResponse } from './vllm-chat-response';
import { VllmChatStreamParser } from './vllm-chat-stream';

const generateResponseHandler = vllmJsonResponseHandler(vllmChatResponseSchema);
const streamResponseHandler = vllmEventStreamHandler(vllmChatChunkSchema);

/** Configuration the provider hands to each chat model. */
export type VllmChatConfig = VllmLanguageModelConfig;

/**
 * A vLLM chat model (`/v1/chat/completions`): typed `providerOptions.vllm` mapped to what the
 * server's vLLM version accepts, usage on streams, JSON schemas enforced, reasoning written back in
 * the field the server reads, vLLM's extra result data in `providerMetadata.vllm`, both error
 * envelopes with actionable messages.
 */
export class VllmChatLanguageModel implements LanguageModelV4 {
  readonly specificationVersion = 'v4';
  readonly modelId: VllmChatModelId;
  /** vLLM enforces `response_format: json_schema` with its structured-output backend. */
  readonly supportsStructuredOutputs = true;
  private readonly config: VllmChatConfig;
  private readonly server: VllmModelServer;

  static [WORKFLOW_SERIALIZE](model: VllmChatLanguageModel) {
    return serializeModelOptions({ modelId: model.modelId, config: model.config });
  }

  static [WORKFLOW_DESERIALIZE](options: { modelId: string; config: VllmChatConfig }) {
    return new VllmChatLanguageModel(options.modelId, options.config);
  }

  constructor(modelId: VllmChatModelId, config: VllmChatConfig) {
    this.modelId = modelId;
    this.config = config;
    this.server = config.server ?? modelServerFromConfig(config, modelId);
  }

  get provider(): string {
    return this.config.provider;
  }

  /**
   * URLs the server fetches itself: http(s) images, videos and audio go to vLLM untouched (the SDK
   * downloads every other URL and sends its bytes). See `media/vllm-supported-urls.ts`.
   */
  get supportedUrls(): Record<string, RegExp[]> {
    return VLLM_SUPPORTED_URLS as Record<string, RegExp[]>;
  }

  async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const request = await this.prepare(options, false);
    const { value, rawValue, responseHeaders } = await postToVllm({
      config: this.config,
      server: this.server,
      url: this.url(),
      call: options,
      headers: request.headers,
      body: request.body,
      successfulResponseHandler: generateResponseHandler,
    });
    const result = convertVllmChatResponse({
      response: value,
      rawResponse: rawValue,
      metadataKey: request.metadataKey,
    });
    return {
      ...result,
      request: { body: request.body },
      response: { ...result.response, headers: responseHeaders },
      warnings: [...request.warnings, ...result.warnings],
    };
  }

  async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const request = await this.prepare(options, true);
    // vLLM reports usage on streams only when asked.
    const body: Record<string, unknown> = {
      ...request.body,
      stream: true,
      stream_options: { include_usage: true },
    };
    const url = this.url();
    const { value, responseHeaders } = await postToVllm({
      config: this.config,
      server: this.server,
      url,
      call: options,
      headers: request.headers,
      body,
      stream: true,
      successfulResponseHandler: streamResponseHandler,
    });
    const plan = responsePlanFromBody({ ...body, stop: options.stopSequences }, 'chat');
    const parser = new VllmChatStreamParser({
      warnings: request.warnings,
      metadataKey: request.metadataKey,
      includeRawChunks: options.includeRawChunks === true,
      toolsSent: Array.isArray(body.tools) && body.tools.length > 0,
      collector: plan !== undefined ? new VllmStreamCollector(plan, 'chat') : undefined,
    });
    return {
      stream: readVllmEventStream(value, parser, url),
      request: { body },
      response: { headers: responseHeaders },
    };
  }

  /** The body and warnings `doGenerate` would send (no request is made). */
  async prepareRequest(
    options: LanguageModelV4CallOptions,
  ): Promise<{ body: Record<string, unknown>; warnings: SharedV4Warning[] }> {
    const { body, warnings } = await this.prepare(options, false);
    return { body, warnings };
  }

  /** A `/v1/chat/completions` response body as a generate result, without a request. */
  async convertResponse({
    body,
    providerOptions,
  }: {
    body: unknown;
    /** The request's providerOptions, so the providerMetadata key matches `doGenerate`. */
    providerOptions?: SharedV4ProviderOptions;
  }): Promise<LanguageModelV4GenerateResult> {
    const response = await validateTypes({ value: body, schema: vllmChatResponseSchema });
    const { key } = providerOptionsKey(providerOptions, this.providerOptionsName);
    return convertVllmChatResponse({ response, rawResponse: body, metadataKey: key });
  }

  private async prepare(options: LanguageModelV4CallOptions, streaming: boolean): Promise<VllmChatRequest> {
    checkServerCapabilities(options, this.server.capabilities, this.modelId);
    checkMediaCapabilities(options.prompt, this.server.capabilities, this.modelId);
    return prepareVllmChatRequest({
      call: options,
      streaming,
      modelId: this.modelId,
      name: this.providerOptionsName,
      version: this.server.version,
    });
  }

  /** The provider name: the `providerOptions` key this model reads (`vllm` by default). */
  private get providerOptionsName(): string {
    return this.config.provider.split('.')[0];
  }

  private url(): string {
    return this.config.url({ path: '/chat/completions', modelId: this.modelId });
  }
}
