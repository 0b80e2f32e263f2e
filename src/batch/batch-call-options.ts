import type { LanguageModelV4CallOptions, LanguageModelV4Prompt } from '@ai-sdk/provider';
import type { VllmBatchCallSettings } from './batch-types';

/** The model call options for one batch prompt: the batch's call settings, passed through as they are. */
export function toBatchCallOptions(
  prompt: LanguageModelV4Prompt,
  settings: VllmBatchCallSettings,
  abortSignal: AbortSignal | undefined,
): LanguageModelV4CallOptions {
  return {
    prompt,
    maxOutputTokens: settings.maxOutputTokens,
    temperature: settings.temperature,
    topP: settings.topP,
    topK: settings.topK,
    presencePenalty: settings.presencePenalty,
    frequencyPenalty: settings.frequencyPenalty,
    stopSequences: settings.stopSequences,
    seed: settings.seed,
    headers: settings.headers,
    providerOptions: settings.providerOptions,
    abortSignal,
  };
}
