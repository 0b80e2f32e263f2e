import { OpenAICompatibleChatLanguageModel } from '@ai-sdk/openai-compatible';
import type { OpenAICompatibleChatConfig } from '@ai-sdk/openai-compatible/internal';
import type {
  LanguageModelV4CallOptions,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamResult,
} from '@ai-sdk/provider';
import { serializeModelOptions, WORKFLOW_DESERIALIZE, WORKFLOW_SERIALIZE } from '@ai-sdk/provider-utils';
import { vllmErrorStructure } from './vllm-error';
import type { VllmChatModelId } from './vllm-model-ids';

/** Configuration the provider hands to each chat model. */
export type VllmChatConfig = Pick<OpenAICompatibleChatConfig, 'provider' | 'url' | 'headers' | 'fetch'>;

/**
 * A vLLM chat model (`/v1/chat/completions`) on top of openai-compatible's chat model, with vLLM's
 * defaults: usage on streams, JSON schemas enforced through `response_format: json_schema`,
 * `topK` sent as `top_k`, both error envelopes parsed, `system` role kept.
 */
export class VllmChatLanguageModel extends OpenAICompatibleChatLanguageModel {
  static override [WORKFLOW_SERIALIZE](model: VllmChatLanguageModel) {
    return serializeModelOptions({ modelId: model.modelId, config: model.config });
  }

  static override [WORKFLOW_DESERIALIZE](options: { modelId: string; config: VllmChatConfig }) {
    return new VllmChatLanguageModel(options.modelId, options.config);
  }

  constructor(modelId: VllmChatModelId, config: VllmChatConfig) {
    super(modelId, {
      ...config,
      // vLLM only reports usage on streams when asked (`stream_options.include_usage`).
      includeUsage: true,
      // vLLM enforces `response_format: json_schema` with its structured-output backend.
      supportsStructuredOutputs: true,
      errorStructure: vllmErrorStructure,
    });
  }

  /** The `providerOptions` key this model reads (`vllm` unless the provider was given another `name`). */
  protected get providerOptionsKey(): string {
    return this.config.provider.split('.')[0];
  }

  override async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    return super.doGenerate(this.prepareCallOptions(options));
  }

  override async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    return super.doStream(this.prepareCallOptions(options));
  }

  /** Maps settings openai-compatible drops for vLLM's body fields (`topK` → `top_k`). */
  protected prepareCallOptions(options: LanguageModelV4CallOptions): LanguageModelV4CallOptions {
    if (options.topK == null) return options;
    const key = this.providerOptionsKey;
    return {
      ...options,
      topK: undefined,
      providerOptions: {
        ...options.providerOptions,
        [key]: { top_k: options.topK, ...options.providerOptions?.[key] },
      },
    };
  }
}
