import type { LanguageModelV4Prompt } from '@ai-sdk/provider';
import {
  convertVllmFilePart,
  type VllmFilePartContext,
  type VllmMediaModality,
  type VllmUserContentPart,
} from './vllm-file-part';

/** Media in a prompt, counted per modality (what vLLM's `--limit-mm-per-prompt` limits). */
export type VllmMediaCounts = Record<VllmMediaModality, number>;

/** Whether a user message of the prompt has a file part (then the provider builds its content). */
export function promptHasUserFiles(prompt: LanguageModelV4Prompt): boolean {
  for (const message of prompt) {
    if (message.role !== 'user') continue;
    for (const part of message.content) if (part.type === 'file') return true;
  }
  return false;
}

/** Counts the image, audio and video parts of the user messages (by top-level media type). */
export function countPromptMedia(prompt: LanguageModelV4Prompt): VllmMediaCounts {
  const counts: VllmMediaCounts = { image: 0, audio: 0, video: 0 };
  for (const message of prompt) {
    if (message.role !== 'user') continue;
    for (const part of message.content) {
      if (part.type !== 'file' || part.data.type === 'reference') continue;
      const topLevel = part.mediaType.split('/')[0].toLowerCase();
      if (topLevel === 'image' || topLevel === 'audio' || topLevel === 'video') counts[topLevel] += 1;
    }
  }
  return counts;
}

/**
 * The content of every user message that has a file part, converted for vLLM (text parts as text
 * parts, file parts by {@link convertVllmFilePart}), indexed by the message's position among the
 * prompt's user messages; `undefined` for user messages without files (openai-compatible's content
 * is right for them). Throws, naming the part, for media vLLM cannot take.
 */
export function convertVllmUserMessages(
  prompt: LanguageModelV4Prompt,
  context: Omit<VllmFilePartContext, 'location'>,
): (VllmUserContentPart[] | undefined)[] {
  const contents: (VllmUserContentPart[] | undefined)[] = [];
  prompt.forEach((message, messageIndex) => {
    if (message.role !== 'user') return;
    if (!message.content.some((part) => part.type === 'file')) {
      contents.push(undefined);
      return;
    }
    contents.push(
      message.content.map((part, partIndex) =>
        part.type === 'text'
          ? { type: 'text', text: part.text }
          : convertVllmFilePart(part, {
              ...context,
              location: `messages[${messageIndex}].content[${partIndex}]`,
            }).content,
      ),
    );
  });
  return contents;
}

/**
 * The prompt with the file parts of user messages replaced by empty text parts, for a converter that
 * would refuse some of them (openai-compatible's): the provider sets those messages' content itself.
 */
export function withoutUserFileParts(prompt: LanguageModelV4Prompt): LanguageModelV4Prompt {
  return prompt.map((message) =>
    message.role === 'user' && message.content.some((part) => part.type === 'file')
      ? {
          ...message,
          content: message.content.map((part) => (part.type === 'file' ? { type: 'text', text: '' } : part)),
        }
      : message,
  );
}
