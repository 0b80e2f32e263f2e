import { type MetadataExtractor, OpenAICompatibleChatLanguageModel } from '@ai-sdk/openai-compatible';
import {
  mapOpenAICompatibleFinishReason,
  type OpenAICompatibleChatConfig,
} from '@ai-sdk/openai-compatible/internal';
import type {
  LanguageModelV4CallOptions,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamResult,
  SharedV4Warning,
} from '@ai-sdk/provider';
import { serializeModelOptions, WORKFLOW_DESERIALIZE, WORKFLOW_SERIALIZE } from '@ai-sdk/provider-utils';
import { vllmErrorStructure } from '../../connection/vllm-error';
import { modelServerFromConfig, type VllmModelServer } from '../../version/vllm-model-server';
import { checkServerCapabilities } from '../../version/vllm-server-capabilities';
import type { VllmChatModelId } from '../vllm-model-ids';
import { explainVllmCallError } from '../vllm-model-not-found';
import { generateMetadata, responsePlanFromBody, VllmStreamCollector } from '../vllm-response-metadata';
import { createVllmStreamTransform } from '../vllm-stream-transform';
import { checkMediaCapabilities } from './media/vllm-media-capabilities';
import { VLLM_SUPPORTED_URLS } from './media/vllm-supported-urls';
import {
  CALL_CONTEXT_KEY,
  type ChatCallContext,
  chatModelInfo,
  type PreparedChatCall,
  plainChatCall,
  prepareVllmChatCall,
  type VllmChatModelInfo,
} from './vllm-chat-call';
import { useFastChunkValidation } from './vllm-chat-chunk-validation';
import { applyChatBodyRewrites, missingToolCallsWarning } from './vllm-chat-prompt';

/** Configuration the provider hands to each chat model. */
export type VllmChatConfig = Pick<OpenAICompatibleChatConfig, 'provider' | 'url' | 'headers' | 'fetch'> & {
  /** Shared server access (version probe, `/v1/models`); derived from `url`/`fetch` when absent. */
  server?: VllmModelServer;
  /** The provider's `vllmVersion` setting (kept for workflow serialization). */
  vllmVersion?: string;
};

/**
 * A vLLM chat model (`/v1/chat/completions`) on top of openai-compatible's chat model: typed
 * `providerOptions.vllm` mapped to what the server's vLLM version accepts, usage on streams, JSON
 * schemas enforced, reasoning written back in the field the server reads, vLLM's extra result
 * data in `providerMetadata.vllm`, both error envelopes with actionable messages.
 */
export class VllmChatLanguageModel extends OpenAICompatibleChatLanguageModel {
  private readonly vllmConfig: VllmChatConfig;
  private readonly server: VllmModelServer;
  private readonly info: VllmChatModelInfo;
  /** Set by the body hook of a stream and taken (synchronously, same call) by the metadata extractor. */
  private pendingStream:
    | { body: Record<string, unknown>; warnings: SharedV4Warning[]; key: string }
    | undefined;

  static override [WORKFLOW_SERIALIZE](model: VllmChatLanguageModel) {
    return serializeModelOptions({ modelId: model.modelId, config: model.vllmConfig });
  }

  static override [WORKFLOW_DESERIALIZE](options: { modelId: string; config: VllmChatConfig }) {
    return new VllmChatLanguageModel(options.modelId, options.config);
  }

  constructor(modelId: VllmChatModelId, config: VllmChatConfig) {
    // The hooks run after super() returns, when `this` is initialized. Only the stream half of the
    // extractor: non-streamed metadata is read from the body in doGenerate (openai-compatible calls
    // `extractMetadata?.()`, so leaving it out costs nothing per call).
    const metadataExtractor = {
      createStreamExtractor: () => this.createStreamExtractor(),
    } as unknown as MetadataExtractor;
    super(modelId, {
      provider: config.provider,
      url: config.url,
      headers: config.headers,
      fetch: config.fetch,
      // vLLM only reports usage on streams when asked (`stream_options.include_usage`).
      includeUsage: true,
      // vLLM enforces `response_format: json_schema` with its structured-output backend.
      supportsStructuredOutputs: true,
      errorStructure: vllmErrorStructure,
      transformRequestBody: (args, warnings) => this.transformBody(args, warnings ?? []),
      metadataExtractor,
      // vLLM fetches http(s) images, video and audio itself: the SDK passes those URLs through.
      supportedUrls: () => VLLM_SUPPORTED_URLS,
    });
    useFastChunkValidation(this); // src/provider/models/chat/vllm-chat-chunk-validation.ts: same parts, ~1.4× chunks/s
    this.vllmConfig = config;
    this.server = config.server ?? modelServerFromConfig(config, modelId);
    this.info = chatModelInfo(this.providerOptionsKey, modelId, this.server.version);
  }

  /** The provider name: the `providerOptions` key this model reads (`vllm` by default). */
  protected get providerOptionsKey(): string {
    return this.config.provider.split('.')[0];
  }

  override async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    checkServerCapabilities(options, this.server.capabilities, this.modelId);
    checkMediaCapabilities(options.prompt, this.server.capabilities, this.modelId);
    const prepared = plainChatCall(options, this.info) ?? (await this.prepare(options, false));
    let result: LanguageModelV4GenerateResult;
    try {
      result = await super.doGenerate(prepared.callOptions);
    } catch (error) {
      throw await explainVllmCallError(error, this.server.connection);
    }
    const { metadata, missingToolCalls } = generateMetadata(result.response?.body, 'chat');
    if (!missingToolCalls && Object.keys(metadata).length === 0) return result;
    const key = prepared.metadataKey;
    return {
      ...result,
      providerMetadata: {
        ...result.providerMetadata,
        [key]: { ...result.providerMetadata?.[key], ...metadata },
      },
      warnings: missingToolCalls ? [...result.warnings, missingToolCallsWarning()] : result.warnings,
    };
  }

  override async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    checkServerCapabilities(options, this.server.capabilities, this.modelId);
    checkMediaCapabilities(options.prompt, this.server.capabilities, this.modelId);
    const prepared = plainChatCall(options, this.info) ?? (await this.prepare(options, true));
    let result: LanguageModelV4StreamResult;
    try {
      result = await super.doStream(prepared.callOptions);
    } catch (error) {
      throw await explainVllmCallError(error, this.server.connection, { stream: true });
    }
    if (prepared.choicesPlan === undefined) return result;
    return {
      ...result,
      stream: result.stream.pipeThrough(
        createVllmStreamTransform({
          warnings: [],
          collector: new VllmStreamCollector(prepared.choicesPlan, 'chat'),
          key: prepared.metadataKey,
          includeRawChunks: options.includeRawChunks === true,
          mapFinishReason: (raw) => mapOpenAICompatibleFinishReason(raw),
        }),
      ),
    };
  }

  /** The body and warnings `doGenerate` would send (after the vLLM mapping), without a request. */
  override async prepareRequest(
    options: LanguageModelV4CallOptions,
  ): Promise<{ body: Record<string, unknown>; warnings: SharedV4Warning[] }> {
    return super.prepareRequest((await this.prepare(options, false)).callOptions);
  }

  private prepare(options: LanguageModelV4CallOptions, streaming: boolean): Promise<PreparedChatCall> {
    return prepareVllmChatCall(options, streaming, this.info);
  }

  private transformBody(args: Record<string, unknown>, warnings: SharedV4Warning[]): Record<string, unknown> {
    let body = args;
    const context = args[CALL_CONTEXT_KEY] as ChatCallContext | undefined;
    if (context !== undefined) {
      // A copy without the context key (deleting it would leave a slow dictionary-mode object).
      const { [CALL_CONTEXT_KEY]: _context, ...rest } = args;
      body = rest;
      if (context.warnings.length > 0) warnings.unshift(...context.warnings);
      applyChatBodyRewrites(body, context.rewrites);
    }
    if (body.stream === true) {
      this.pendingStream = { body, warnings, key: context?.metadataKey ?? this.providerOptionsKey };
    }
    return body;
  }

  private createStreamExtractor(): ReturnType<MetadataExtractor['createStreamExtractor']> | undefined {
    const pending = this.pendingStream;
    this.pendingStream = undefined;
    if (pending === undefined) return undefined;
    const plan = responsePlanFromBody(pending.body, 'chat');
    // Several choices are collected by the stream transform in doStream (it needs the raw chunks).
    if (plan === undefined || plan.choices) return undefined;
    const collector = new VllmStreamCollector(plan, 'chat');
    return {
      processChunk: (chunk) => collector.add(chunk),
      buildMetadata: () => {
        if (collector.missingToolCalls()) pending.warnings.push(missingToolCallsWarning());
        const metadata = collector.build();
        return Object.keys(metadata).length > 0 ? { [pending.key]: metadata } : undefined;
      },
    };
  }
}
