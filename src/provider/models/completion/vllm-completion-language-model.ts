import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamResult,
} from '@ai-sdk/provider';
import { serializeModelOptions, WORKFLOW_DESERIALIZE, WORKFLOW_SERIALIZE } from '@ai-sdk/provider-utils';
import { modelServerFromConfig, type VllmModelServer } from '../../version/vllm-model-server';
import { checkServerCapabilities } from '../../version/vllm-server-capabilities';
import {
  postToVllm,
  readVllmEventStream,
  type VllmLanguageModelConfig,
  vllmEventStreamHandler,
  vllmJsonResponseHandler,
} from '../vllm-api';
import type { VllmCompletionModelId } from '../vllm-model-ids';
import { responsePlanFromBody, VllmStreamCollector } from '../vllm-response-metadata';
import { vllmCompletionChunkSchema, vllmCompletionResponseSchema } from './vllm-completion-api';
import { prepareVllmCompletionRequest, type VllmCompletionRequest } from './vllm-completion-call';
import { convertVllmCompletionResponse, VllmCompletionStreamParser } from './vllm-completion-response';

const generateResponseHandler = vllmJsonResponseHandler(vllmCompletionResponseSchema);
const streamResponseHandler = vllmEventStreamHandler(vllmCompletionChunkSchema);

/** Configuration the provider hands to each completion model. */
export type VllmCompletionConfig = VllmLanguageModelConfig;

/**
 * A vLLM completion model (`/v1/completions`): a single text prompt is sent as is (other prompts
 * as a `user:`/`assistant:` transcript), typed `providerOptions.vllm` mapped to the server's version,
 * usage on streams, `topK` → `top_k`, JSON response formats sent as vLLM's `response_format`, both
 * error envelopes, and vLLM's result data (logprobs, token ids, stop reason, every choice) in
 * `providerMetadata.vllm`.
 */
export class VllmCompletionLanguageModel implements LanguageModelV4 {
  readonly specificationVersion = 'v4';
  readonly modelId: VllmCompletionModelId;
  private readonly config: VllmCompletionConfig;
  private readonly server: VllmModelServer;

  static [WORKFLOW_SERIALIZE](model: VllmCompletionLanguageModel) {
    return serializeModelOptions({ modelId: model.modelId, config: model.config });
  }

  static [WORKFLOW_DESERIALIZE](options: { modelId: string; config: VllmCompletionConfig }) {
    return new VllmCompletionLanguageModel(options.modelId, options.config);
  }

  constructor(modelId: VllmCompletionModelId, config: VllmCompletionConfig) {
    this.modelId = modelId;
    this.config = config;
    this.server = config.server ?? modelServerFromConfig(config, modelId);
  }

  get provider(): string {
    return this.config.provider;
  }

  /** URLs the server fetches itself (none: completions take text only). */
  get supportedUrls(): Record<string, RegExp[]> {
    return {};
  }

  /** The server access this model was created with (connection and shared version resolver). */
  get vllmServer(): VllmModelServer {
    return this.server;
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
    const result = convertVllmCompletionResponse({
      response: value,
      rawResponse: rawValue,
      metadataKey: request.metadataKey,
    });
    return {
      ...result,
      request: { body: request.body },
      response: { ...result.response, headers: responseHeaders },
      warnings: request.warnings,
    };
  }

  async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const request = await this.prepare(options, true);
    const body = { ...request.body, stream: true, stream_options: { include_usage: true } };
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
    const plan = responsePlanFromBody(body, 'completion');
    const parser = new VllmCompletionStreamParser({
      warnings: request.warnings,
      metadataKey: request.metadataKey,
      includeRawChunks: options.includeRawChunks === true,
      collector: plan !== undefined ? new VllmStreamCollector(plan, 'completion') : undefined,
    });
    return {
      stream: readVllmEventStream(value, parser, url),
      request: { body },
      response: { headers: responseHeaders },
    };
  }

  /** The body and warnings `doGenerate` would send (no request is made). */
  async prepareRequest(options: LanguageModelV4CallOptions) {
    const { body, warnings } = await this.prepare(options, false);
    return { body, warnings };
  }

  private prepare(options: LanguageModelV4CallOptions, streaming: boolean): Promise<VllmCompletionRequest> {
    checkServerCapabilities(options, this.server.capabilities, this.modelId);
    return prepareVllmCompletionRequest({
      options,
      streaming,
      modelId: this.modelId,
      name: this.config.provider.split('.')[0],
      version: this.server.version,
    });
  }

  private url(): string {
    return this.config.url({ path: '/completions', modelId: this.modelId });
  }
}
