import { OpenAICompatibleCompletionLanguageModel } from '@ai-sdk/openai-compatible';
import type {
  JSONObject,
  LanguageModelV4CallOptions,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
  LanguageModelV4StreamResult,
  SharedV4ProviderMetadata,
  SharedV4Warning,
} from '@ai-sdk/provider';
import { serializeModelOptions, WORKFLOW_DESERIALIZE, WORKFLOW_SERIALIZE } from '@ai-sdk/provider-utils';
import { vllmErrorStructure } from './vllm-error';
import type { VllmCompletionModelId } from './vllm-model-ids';

type CompletionConfig = ConstructorParameters<typeof OpenAICompatibleCompletionLanguageModel>[1];

/** Configuration the provider hands to each completion model. */
export type VllmCompletionConfig = Pick<CompletionConfig, 'provider' | 'url' | 'headers' | 'fetch'>;

/**
 * A vLLM completion model (`/v1/completions`). Adds what openai-compatible leaves out for vLLM:
 * usage on streams, `topK` → `top_k`, both error envelopes, and the `logprobs` vLLM returns
 * (surfaced as `providerMetadata.vllm.logprobs` instead of being dropped).
 */
export class VllmCompletionLanguageModel extends OpenAICompatibleCompletionLanguageModel {
  private readonly vllmConfig: VllmCompletionConfig;

  static override [WORKFLOW_SERIALIZE](model: VllmCompletionLanguageModel) {
    return serializeModelOptions({ modelId: model.modelId, config: model.vllmConfig });
  }

  static override [WORKFLOW_DESERIALIZE](options: { modelId: string; config: VllmCompletionConfig }) {
    return new VllmCompletionLanguageModel(options.modelId, options.config);
  }

  constructor(modelId: VllmCompletionModelId, config: VllmCompletionConfig) {
    super(modelId, { ...config, includeUsage: true, errorStructure: vllmErrorStructure });
    this.vllmConfig = config;
  }

  private get providerOptionsKey(): string {
    return this.vllmConfig.provider.split('.')[0];
  }

  override async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const { callOptions, warnings } = this.prepareCallOptions(options);
    const result = await super.doGenerate(callOptions);
    const choice = firstChoice(result.response?.body);
    return {
      ...result,
      warnings: [...warnings, ...result.warnings],
      providerMetadata: this.metadata(choice?.logprobs),
    };
  }

  override async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const { callOptions, warnings } = this.prepareCallOptions(options);
    const wantsRawChunks = options.includeRawChunks === true;
    const result = await super.doStream({ ...callOptions, includeRawChunks: true });
    const logprobs = new LogprobsCollector();
    const metadata = (collected: JSONObject | undefined) => this.metadata(collected);

    return {
      ...result,
      stream: result.stream.pipeThrough(
        new TransformStream<LanguageModelV4StreamPart, LanguageModelV4StreamPart>({
          transform(part, controller) {
            if (part.type === 'raw') {
              logprobs.add(firstChoice(part.rawValue)?.logprobs);
              if (wantsRawChunks) controller.enqueue(part);
            } else if (part.type === 'stream-start') {
              controller.enqueue({ ...part, warnings: [...warnings, ...part.warnings] });
            } else if (part.type === 'finish') {
              controller.enqueue({ ...part, providerMetadata: metadata(logprobs.result()) });
            } else {
              controller.enqueue(part);
            }
          },
        }),
      ),
    };
  }

  private metadata(logprobs: unknown): SharedV4ProviderMetadata {
    return { [this.providerOptionsKey]: logprobs != null ? { logprobs: logprobs as JSONObject } : {} };
  }

  private prepareCallOptions(options: LanguageModelV4CallOptions): {
    callOptions: LanguageModelV4CallOptions;
    warnings: SharedV4Warning[];
  } {
    const key = this.providerOptionsKey;
    const raw = options.providerOptions?.[key] ?? {};
    const warnings: SharedV4Warning[] = [];
    if (options.maxOutputTokens == null && raw.max_tokens == null && raw.maxTokens == null) {
      warnings.push({
        type: 'other',
        message:
          "vLLM's /v1/completions stops after 16 tokens unless max_tokens is set (a legacy OpenAI default). " +
          'Set maxOutputTokens to generate more.',
      });
    }
    // The SDK passes `toolChoice: auto` even without tools; only real tool use deserves a warning.
    const toolChoice = options.tools?.length ? options.toolChoice : undefined;
    if (options.topK == null) return { callOptions: { ...options, toolChoice }, warnings };
    return {
      callOptions: {
        ...options,
        toolChoice,
        topK: undefined,
        providerOptions: { ...options.providerOptions, [key]: { top_k: options.topK, ...raw } },
      },
      warnings,
    };
  }
}

function firstChoice(body: unknown): { logprobs?: unknown } | undefined {
  const choices = (body as { choices?: unknown } | undefined)?.choices;
  return Array.isArray(choices) ? (choices[0] as { logprobs?: unknown } | undefined) : undefined;
}

/** Concatenates the legacy completions logprobs arrays across stream chunks. */
class LogprobsCollector {
  private readonly merged: Record<string, JSONObject[keyof JSONObject][]> = {};
  private seen = false;

  add(logprobs: unknown): void {
    if (logprobs == null || typeof logprobs !== 'object') return;
    this.seen = true;
    for (const [field, values] of Object.entries(logprobs)) {
      if (!Array.isArray(values)) continue;
      const merged = this.merged[field] ?? [];
      merged.push(...(values as JSONObject[string][]));
      this.merged[field] = merged;
    }
  }

  result(): JSONObject | undefined {
    return this.seen ? (this.merged as JSONObject) : undefined;
  }
}
