import { InvalidArgumentError, type LanguageModelV4CallOptions } from '@ai-sdk/provider';
import type { VllmEndpoint } from '../version/vllm-request-fields';
import type { AnyVllmOptions } from './vllm-request-body';

// Client-side checks mirroring vLLM's own validators (ChatCompletionRequest / CompletionRequest
// model validators and SamplingParams._verify_args), so a bad request fails before it is sent, with
// an InvalidArgumentError naming the option and the rule instead of a 400 from the server.

const GREEDY_EPSILON = 1e-5;

function fail(argument: string, rule: string): never {
  throw new InvalidArgumentError({ argument, message: `Invalid ${argument}: ${rule}` });
}

/** The SDK's standard settings, checked against vLLM's sampling rules. */
export function validateCallSettings(call: LanguageModelV4CallOptions): void {
  const { temperature, topP, topK, presencePenalty, frequencyPenalty, stopSequences } = call;
  if (temperature != null && !(temperature >= 0))
    fail('temperature', `must be ≥ 0 (vLLM rule), got ${temperature}.`);
  if (topP != null && !(topP > 0 && topP <= 1)) fail('topP', `must be in (0, 1] (vLLM rule), got ${topP}.`);
  if (topK != null && !(Number.isInteger(topK) && topK >= -1)) {
    fail('topK', `must be an integer, 0 (or -1) to disable or ≥ 1 (vLLM rule), got ${topK}.`);
  }
  for (const [name, value] of [
    ['presencePenalty', presencePenalty],
    ['frequencyPenalty', frequencyPenalty],
  ] as const) {
    if (value != null && !(value >= -2 && value <= 2))
      fail(name, `must be in [-2, 2] (vLLM rule), got ${value}.`);
  }
  if (stopSequences?.some((stop) => stop.length === 0))
    fail('stopSequences', 'cannot contain an empty string (vLLM rule).');
}

/** Cross-option rules for `providerOptions.vllm` (single-option ranges are in the zod schemas). */
export function validateVllmOptions(
  options: AnyVllmOptions,
  call: LanguageModelV4CallOptions,
  { endpoint, streaming, key }: { endpoint: VllmEndpoint; streaming: boolean; key: string },
): void {
  const at = (option: string) => `providerOptions.${key}.${option}`;

  if (options.continueFinalMessage === true && options.addGenerationPrompt === true) {
    fail(
      at('continueFinalMessage'),
      'cannot be combined with addGenerationPrompt: true (vLLM answers 400). Continuing the final message needs add_generation_prompt: false (sent for you when addGenerationPrompt is unset).',
    );
  }

  const topLogprobs = options.topLogprobs;
  if (topLogprobs !== undefined && topLogprobs !== 0 && !options.logprobs && endpoint === 'chat') {
    fail(at('topLogprobs'), 'needs logprobs: true (vLLM answers 400 for top_logprobs without logprobs).');
  }

  if (options.promptLogprobs !== undefined && streaming) {
    fail(at('promptLogprobs'), 'is not available when streaming (vLLM answers 400); use generateText.');
  }

  const beamSearch =
    options.useBeamSearch === true || (options.beamWidth !== undefined && options.useBeamSearch !== false);
  if (options.beamWidth !== undefined && options.useBeamSearch === false) {
    fail(at('beamWidth'), 'sets the beam width of beam search, but useBeamSearch is false.');
  }
  if (options.beamWidth !== undefined && options.n !== undefined && options.beamWidth !== options.n) {
    fail(
      at('beamWidth'),
      `and n are both the number of beams; they differ (${options.beamWidth} vs ${options.n}). Set one.`,
    );
  }
  if (beamSearch && streaming && endpoint === 'completion') {
    fail(
      at('useBeamSearch'),
      'cannot be streamed on /v1/completions (vLLM: "Streaming is not currently supported with beam search"); use generateText.',
    );
  }

  const n = options.beamWidth ?? options.n ?? 1;
  if (n > 1 && !beamSearch && call.temperature != null && call.temperature < GREEDY_EPSILON) {
    fail(
      at('n'),
      `must be 1 with greedy sampling (temperature ${call.temperature}); vLLM answers 400. Raise the temperature or use beam search.`,
    );
  }

  if (
    options.minTokens !== undefined &&
    call.maxOutputTokens != null &&
    options.minTokens > call.maxOutputTokens
  ) {
    fail(
      at('minTokens'),
      `must be ≤ maxOutputTokens (${options.minTokens} > ${call.maxOutputTokens}); vLLM answers 400.`,
    );
  }

  const hasConstraint =
    options.structuredOutputs !== undefined ||
    options.guidedJson !== undefined ||
    options.guidedRegex !== undefined ||
    options.guidedChoice !== undefined ||
    options.guidedGrammar !== undefined;
  if (hasConstraint && call.responseFormat?.type === 'json') {
    fail(
      at('structuredOutputs'),
      'and a JSON response format (Output.object / Output.json) are two structured-output constraints; vLLM accepts one. Use one of them.',
    );
  }
  if (hasConstraint && endpoint === 'chat' && call.toolChoice?.type === 'tool' && call.tools?.length) {
    fail(
      at('structuredOutputs'),
      'cannot be combined with a forced tool choice (vLLM answers 400: both use the structured-output backend).',
    );
  }
}
