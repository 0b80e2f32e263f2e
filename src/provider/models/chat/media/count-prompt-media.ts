import type { LanguageModelV4Prompt } from '@ai-sdk/provider';
import { getTopLevelMediaType } from '@ai-sdk/provider-utils';
import type { VllmMediaModality } from '../../../prompt/convert-vllm-file-part';

/** Media in a prompt, counted per modality (what vLLM's `--limit-mm-per-prompt` limits). */
export type VllmMediaCounts = Record<VllmMediaModality, number>;

/** Counts the image, audio and video parts of the user messages (by top-level media type). */
export function countPromptMedia(prompt: LanguageModelV4Prompt): VllmMediaCounts {
  const counts: VllmMediaCounts = { image: 0, audio: 0, video: 0 };
  for (const message of prompt) {
    if (message.role !== 'user') continue;
    for (const part of message.content) {
      if (part.type !== 'file' || part.data.type === 'reference') continue;
      const topLevel = getTopLevelMediaType(part.mediaType).toLowerCase();
      if (topLevel === 'image' || topLevel === 'audio' || topLevel === 'video') counts[topLevel] += 1;
    }
  }
  return counts;
}
