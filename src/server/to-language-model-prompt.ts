import {
  InvalidArgumentError,
  type LanguageModelV4FilePart,
  type LanguageModelV4Message,
  type LanguageModelV4Prompt,
  type SharedV4FileData,
} from '@ai-sdk/provider';
import type { AssistantContent, ModelMessage, UserContent } from '@ai-sdk/provider-utils';

/**
 * Converts AI SDK `ModelMessage`s (what `generateText({ messages })` takes) into the model-level
 * prompt, without `ai`'s downloads: URLs stay URLs (vLLM fetches them), bytes stay bytes.
 * `argument` names the option in errors (e.g. `messagesList[3]`).
 */
export function toLanguageModelPrompt(
  messages: readonly ModelMessage[],
  argument: string,
): LanguageModelV4Prompt {
  if (!Array.isArray(messages)) {
    throw new InvalidArgumentError({ argument, message: `${argument} must be an array of messages.` });
  }
  return messages.map((message, index): LanguageModelV4Message => {
    const where = `${argument}[${index}]`;
    switch (message.role) {
      case 'system':
        return { role: 'system', content: message.content, providerOptions: message.providerOptions };
      case 'user':
        return {
          role: 'user',
          content:
            typeof message.content === 'string'
              ? [{ type: 'text', text: message.content }]
              : (message.content as Exclude<UserContent, string>).map((part) =>
                  part.type === 'text'
                    ? part
                    : toFilePart(part.type === 'image' ? part.image : part.data, part, where),
                ),
          providerOptions: message.providerOptions,
        };
      case 'assistant':
        return {
          role: 'assistant',
          content:
            typeof message.content === 'string'
              ? [{ type: 'text', text: message.content }]
              : ((message.content as Exclude<AssistantContent, string>)
                  .filter((part) => part.type !== 'tool-approval-request')
                  .map((part) =>
                    part.type === 'file' ? toFilePart(part.data, part, where) : part,
                  ) as Extract<LanguageModelV4Message, { role: 'assistant' }>['content']),
          providerOptions: message.providerOptions,
        };
      case 'tool':
        return {
          role: 'tool',
          content: message.content as Extract<LanguageModelV4Message, { role: 'tool' }>['content'],
          providerOptions: message.providerOptions,
        };
      default:
        throw new InvalidArgumentError({
          argument: where,
          message: `${where}.role must be system, user, assistant or tool (got ${JSON.stringify((message as { role?: unknown }).role)}).`,
        });
    }
  });
}

function toFilePart(
  data: unknown,
  part: {
    type: string;
    mediaType?: string;
    filename?: string;
    providerOptions?: LanguageModelV4FilePart['providerOptions'];
  },
  where: string,
): LanguageModelV4FilePart {
  const mediaType = part.mediaType ?? (part.type === 'image' ? 'image/*' : undefined);
  if (mediaType === undefined) {
    throw new InvalidArgumentError({ argument: where, message: `${where}: a file part needs a mediaType.` });
  }
  return {
    type: 'file',
    mediaType,
    filename: part.filename,
    data: toFileData(data, where),
    providerOptions: part.providerOptions,
  };
}

function toFileData(data: unknown, where: string): SharedV4FileData {
  if (data instanceof URL) return { type: 'url', url: data };
  if (typeof data === 'string') {
    return /^(https?|data):/i.test(data) ? { type: 'url', url: new URL(data) } : { type: 'data', data };
  }
  if (data instanceof Uint8Array) return { type: 'data', data };
  if (data instanceof ArrayBuffer) return { type: 'data', data: new Uint8Array(data) };
  if (data != null && typeof data === 'object' && 'type' in data) return data as SharedV4FileData;
  throw new InvalidArgumentError({
    argument: where,
    message: `${where}: unsupported file or image data; pass a URL, a base64 string or bytes.`,
  });
}
