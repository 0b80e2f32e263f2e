import type {
  LanguageModelV4FinishReason,
  LanguageModelV4StreamPart,
  LanguageModelV4Usage,
  SharedV4Warning,
} from '@ai-sdk/provider';
import { missingToolCallsWarning } from './chat/vllm-chat-prompt';
import type { VllmStreamCollector } from './vllm-response-metadata';

/**
 * Post-processes openai-compatible's stream parts when the provider must see raw chunks (the
 * completion model's metadata, or several choices on the chat model): adds the provider's warnings
 * to `stream-start`, feeds raw chunks to the collector (dropping them unless the caller asked for
 * them), keeps text of choices other than 0 out of the SDK's text (openai-compatible reads
 * `choices[0]` of every chunk, whatever its index), and puts the collected metadata on `finish`.
 */
export function createVllmStreamTransform({
  warnings,
  collector,
  key,
  includeRawChunks,
  mapFinishReason,
  mapUsage,
}: {
  warnings: SharedV4Warning[];
  collector: VllmStreamCollector | undefined;
  key: string;
  includeRawChunks: boolean;
  mapFinishReason: (raw: string) => LanguageModelV4FinishReason['unified'];
  /** Rewrites the usage of the `finish` part (e.g. the cached prompt tokens). */
  mapUsage?: (usage: LanguageModelV4Usage) => LanguageModelV4Usage;
}): TransformStream<LanguageModelV4StreamPart, LanguageModelV4StreamPart> {
  let streamWarnings: SharedV4Warning[] = warnings;
  let otherChoice = false;
  const filterChoices = collector?.plan.choices === true;

  return new TransformStream({
    transform(part, controller) {
      switch (part.type) {
        case 'stream-start':
          streamWarnings = [...warnings, ...part.warnings];
          controller.enqueue({ ...part, warnings: streamWarnings });
          return;
        case 'raw': {
          collector?.add(part.rawValue);
          if (filterChoices) {
            const choices = (part.rawValue as { choices?: { index?: number }[] } | null)?.choices;
            if (Array.isArray(choices) && choices.length > 0) otherChoice = (choices[0].index ?? 0) !== 0;
          }
          if (includeRawChunks) controller.enqueue(part);
          return;
        }
        case 'text-delta':
        case 'reasoning-delta':
        case 'tool-input-delta':
          if (!otherChoice) controller.enqueue(part);
          return;
        case 'finish': {
          if (mapUsage !== undefined) part = { ...part, usage: mapUsage(part.usage) };
          if (collector === undefined) {
            controller.enqueue(part);
            return;
          }
          if (collector.missingToolCalls()) streamWarnings.push(missingToolCallsWarning());
          const raw =
            filterChoices && part.finishReason.unified !== 'error'
              ? collector.firstFinishReason()
              : undefined;
          const finishReason = raw !== undefined ? { unified: mapFinishReason(raw), raw } : part.finishReason;
          const metadata = collector.build();
          controller.enqueue({
            ...part,
            finishReason,
            providerMetadata: {
              ...part.providerMetadata,
              [key]: { ...part.providerMetadata?.[key], ...metadata },
            },
          });
          return;
        }
        default:
          controller.enqueue(part);
      }
    },
  });
}
