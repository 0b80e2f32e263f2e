import type { LanguageModelV4CallOptions, SharedV4Warning } from '@ai-sdk/provider';
import { isCustomReasoning } from '@ai-sdk/provider-utils';
import { mapVllmCallOptions } from '../../options/map-vllm-call-options';
import { convertToVllmCompletionPrompt } from '../../prompt/convert-to-vllm-completion-prompt';
import type { VllmServerVersionResolver } from '../../version/vllm-server-version-resolver';

/** One completion request, ready to send. */
export interface VllmCompletionRequest {
  /** The body for `/v1/completions` (without the stream fields). */
  body: Record<string, unknown>;
  /** Extra headers (`X-Request-Id`, `X-Session-ID`). */
  headers: Record<string, string> | undefined;
  warnings: SharedV4Warning[];
  /** The `providerMetadata` key: the `providerOptions` key the caller used. */
  metadataKey: string;
}

/**
 * The body vLLM's `/v1/completions` gets for a call: the prompt (see
 * `convert-to-vllm-completion-prompt.ts`), the SDK settings and `providerOptions.vllm` mapped to what
 * the server's vLLM version accepts, a JSON response format as vLLM's `response_format`.
 */
export async function prepareVllmCompletionRequest({
  options,
  streaming,
  modelId,
  name,
  version,
}: {
  options: LanguageModelV4CallOptions;
  streaming: boolean;
  modelId: string;
  name: string;
  version: VllmServerVersionResolver;
}): Promise<VllmCompletionRequest> {
  const { key, fields, headers, warnings } = await mapVllmCallOptions({
    call: options,
    endpoint: 'completion',
    streaming,
    name,
    version,
  });

  if (fields.max_tokens == null) {
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
  if (options.tools?.length) {
    warnings.push({ type: 'unsupported', feature: 'tools' });
    if (options.toolChoice != null) warnings.push({ type: 'unsupported', feature: 'toolChoice' });
  }

  const { prompt, stop } = convertToVllmCompletionPrompt(options.prompt);
  const stops = [...stop, ...(options.stopSequences ?? [])];
  const { stop: _stop, ...rest } = fields;
  const body: Record<string, unknown> = { model: modelId, ...rest, prompt };
  if (stops.length > 0) body.stop = stops;
  return { body, headers, warnings, metadataKey: key };
}
