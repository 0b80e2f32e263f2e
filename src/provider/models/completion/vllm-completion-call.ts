import type { LanguageModelV4CallOptions, SharedV4Warning } from '@ai-sdk/provider';
import { isCustomReasoning } from '@ai-sdk/provider-utils';
import {
  COMPLETION_FIELD_NAMES,
  type ParsedVllmCompletionOptions,
  vllmCompletionOptionsSchema,
} from '../../options/vllm-completion-language-model-options';
import { readVllmOptionsInput } from '../../options/vllm-options-input';
import { buildVllmRequestParts } from '../../options/vllm-request-body';
import { validateCallSettings, validateVllmOptions } from '../../options/vllm-request-validation';
import { withServerVersion } from '../../version/vllm-feature-view';
import type { VllmServerVersionResolver } from '../../version/vllm-server-version-resolver';
import { type ResponsePlan, responsePlanFromBody } from '../vllm-response-metadata';
import { isPlainTextPrompt, PLAIN_PROMPT_HEADER } from './vllm-completion-prompt';

/** One completion call, ready for openai-compatible. */
export interface PreparedCompletionCall {
  callOptions: LanguageModelV4CallOptions;
  metadataKey: string;
  /** Warnings of the provider (openai-compatible's completion model has no hook to add them). */
  warnings: SharedV4Warning[];
  /** What a stream must collect from raw chunks (`undefined`: nothing). */
  plan: ResponsePlan | undefined;
}

/** Maps the SDK call options and `providerOptions.vllm` to what openai-compatible sends to `/v1/completions`. */
export async function prepareVllmCompletionCall({
  options,
  streaming,
  name,
  version,
}: {
  options: LanguageModelV4CallOptions;
  streaming: boolean;
  name: string;
  version: VllmServerVersionResolver;
}): Promise<PreparedCompletionCall> {
  validateCallSettings(options);
  const providerOptions = options.providerOptions;
  const camelName = name.replace(/[-_]+(.)/g, (_, letter: string) => letter.toUpperCase());
  const hasOptions = providerOptions?.[name] != null || providerOptions?.[camelName] != null;
  const input = hasOptions
    ? readVllmOptionsInput({
        providerOptions,
        name,
        schema: vllmCompletionOptionsSchema,
        fieldNames: COMPLETION_FIELD_NAMES,
      })
    : { key: name, options: {} as ParsedVllmCompletionOptions, raw: [], warnings: [] };
  const { key } = input;
  validateVllmOptions(input.options, options, { endpoint: 'completion', streaming, key });

  const { fields, headers, compatible, warnings } = await withServerVersion(
    version,
    options.abortSignal,
    'completion',
    (view) => {
      const warnings: SharedV4Warning[] = [...input.warnings];
      const parts = buildVllmRequestParts({
        options: input.options,
        raw: input.raw,
        call: options,
        view,
        fieldNames: COMPLETION_FIELD_NAMES,
        key,
        warnings,
      });
      return { ...parts, warnings };
    },
  );

  if (options.maxOutputTokens == null && fields.max_tokens == null) {
    warnings.push({
      type: 'other',
      message:
        "vLLM's /v1/completions stops after 16 tokens unless max_tokens is set (a legacy OpenAI default). " +
        'Set maxOutputTokens to generate more.',
    });
  }
  if (isCustomReasoning(options.reasoning)) {
    warnings.push({
      type: 'unsupported',
      feature: 'reasoning',
      details:
        '/v1/completions applies no chat template, so there is no thinking switch; use the chat model.',
    });
  }

  const plan = streaming
    ? responsePlanFromBody({ ...fields, stop: options.stopSequences }, 'completion')
    : undefined;
  return {
    callOptions: {
      ...options,
      topK: undefined,
      reasoning: undefined,
      // The SDK passes `toolChoice: auto` even without tools; only real tool use deserves a warning.
      toolChoice: options.tools?.length ? options.toolChoice : undefined,
      // A JSON response format is sent as vLLM's `response_format` (see buildVllmRequestParts).
      responseFormat: options.responseFormat?.type === 'json' ? undefined : options.responseFormat,
      includeRawChunks: plan !== undefined ? true : options.includeRawChunks,
      headers: isPlainTextPrompt(options.prompt)
        ? { ...options.headers, ...headers, [PLAIN_PROMPT_HEADER]: '1' }
        : headers !== undefined
          ? { ...options.headers, ...headers }
          : options.headers,
      providerOptions: withRawOptions(providerOptions, [name, camelName], key, { ...compatible, ...fields }),
    },
    metadataKey: key,
    warnings,
    plan,
  };
}

/** `providerOptions` with the vLLM namespace replaced by the finished raw body fields. */
export function withRawOptions(
  providerOptions: LanguageModelV4CallOptions['providerOptions'],
  names: string[],
  key: string,
  fields: Record<string, unknown>,
): LanguageModelV4CallOptions['providerOptions'] {
  const result = { ...providerOptions };
  for (const name of names) delete result[name];
  result[key] = fields as never;
  return result;
}
