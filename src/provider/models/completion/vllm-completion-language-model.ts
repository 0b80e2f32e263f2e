import { OpenAICompatibleCompletionLanguageModel } from '@ai-sdk/openai-compatible';
import { mapOpenAICompatibleFinishReason } from '@ai-sdk/openai-compatible/internal';
import type {
  LanguageModelV4CallOptions,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamResult,
} from '@ai-sdk/provider';
import { serializeModelOptions, WORKFLOW_DESERIALIZE, WORKFLOW_SERIALIZE } from '@ai-sdk/provider-utils';
import { vllmErrorStructure } from '../../connection/vllm-error';
import { modelServerFromConfig, type VllmModelServer } from '../../version/vllm-model-server';
import { checkServerCapabilities } from '../../version/vllm-server-capabilities';
import { withCachedInputTokens } from '../vllm-cached-usage';
import type { VllmCompletionModelId } from '../vllm-model-ids';
import { explainVllmCallError } from '../vllm-model-not-found';
import { generateMetadata, VllmStreamCollector } from '../vllm-response-metadata';
import { createVllmStreamTransform } from '../vllm-stream-transform';
import { type PreparedCompletionCall, prepareVllmCompletionCall } from './vllm-completion-call';
import { createPlainPromptFetch } from './vllm-completion-prompt';

type CompletionConfig = ConstructorParameters<typeof OpenAICompatibleCompletionLanguageModel>[1];

/** Configuration the provider hands to each completion model. */
export type VllmCompletionConfig = Pick<CompletionConfig, 'provider' | 'url' | 'headers' | 'fetch'> & {
  /** Shared server access (version probe, `/v1/models`); derived from `url`/`fetch` when absent. */
  server?: VllmModelServer;
  /** The provider's `vllmVersion` setting (kept for workflow serialization). */
  vllmVersion?: string;
};

/**
 * A vLLM completion model (`/v1/completions`): a single text prompt is sent as is (other prompts as
 * openai-compatible's `user:`/`assistant:` transcript), typed `providerOptions.vllm` mapped to the server's
 * version, usage on streams, `topK` → `top_k`, JSON response formats sent as vLLM's
 * `response_format`, both error envelopes, and vLLM's result data (logprobs, token ids, stop
 * reason, every choice) in `providerMetadata.vllm`.
 */
export class VllmCompletionLanguageModel extends OpenAICompatibleCompletionLanguageModel {
  private readonly vllmConfig: VllmCompletionConfig;
  private readonly server: VllmModelServer;

  static override [WORKFLOW_SERIALIZE](model: VllmCompletionLanguageModel) {
    return serializeModelOptions({ modelId: model.modelId, config: model.vllmConfig });
  }

  static override [WORKFLOW_DESERIALIZE](options: { modelId: string; config: VllmCompletionConfig }) {
    return new VllmCompletionLanguageModel(options.modelId, options.config);
  }

  constructor(modelId: VllmCompletionModelId, config: VllmCompletionConfig) {
    super(modelId, {
      provider: config.provider,
      url: config.url,
      headers: config.headers,
      fetch: createPlainPromptFetch(config.fetch),
      includeUsage: true,
      errorStructure: vllmErrorStructure,
    });
    this.vllmConfig = config;
    this.server = config.server ?? modelServerFromConfig(config, modelId);
  }

  private get providerOptionsKey(): string {
    return this.vllmConfig.provider.split('.')[0];
  }

  override async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    checkServerCapabilities(options, this.server.capabilities, this.modelId);
    const prepared = await this.prepare(options, false);
    let result: LanguageModelV4GenerateResult;
    try {
      result = await super.doGenerate(prepared.callOptions);
    } catch (error) {
      throw await explainVllmCallError(error, this.server.connection);
    }
    const { metadata } = generateMetadata(result.response?.body, 'completion');
    return {
      ...result,
      usage: withCachedInputTokens(result.usage),
      warnings: [...prepared.warnings, ...result.warnings],
      providerMetadata: { [prepared.metadataKey]: metadata },
    };
  }

  override async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    checkServerCapabilities(options, this.server.capabilities, this.modelId);
    const prepared = await this.prepare(options, true);
    let result: LanguageModelV4StreamResult;
    try {
      result = await super.doStream(prepared.callOptions);
    } catch (error) {
      throw await explainVllmCallError(error, this.server.connection, { stream: true });
    }
    return {
      ...result,
      stream: result.stream.pipeThrough(
        createVllmStreamTransform({
          warnings: prepared.warnings,
          collector:
            prepared.plan !== undefined ? new VllmStreamCollector(prepared.plan, 'completion') : undefined,
          key: prepared.metadataKey,
          includeRawChunks: options.includeRawChunks === true,
          mapFinishReason: (raw) => mapOpenAICompatibleFinishReason(raw),
          mapUsage: withCachedInputTokens,
        }),
      ),
    };
  }

  private prepare(options: LanguageModelV4CallOptions, streaming: boolean): Promise<PreparedCompletionCall> {
    return prepareVllmCompletionCall({
      options,
      streaming,
      name: this.providerOptionsKey,
      version: this.server.version,
    });
  }
}
