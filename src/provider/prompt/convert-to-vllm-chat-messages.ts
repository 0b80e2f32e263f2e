import type {
  LanguageModelV4Prompt,
  LanguageModelV4ToolResultOutput,
  SharedV4ProviderOptions,
} from '@ai-sdk/provider';
import { convertVllmFilePart, type VllmFilePartContext } from './convert-vllm-file-part';
import type { VllmChatContentPart, VllmChatMessage, VllmChatToolCall } from './vllm-chat-messages';

export interface VllmChatMessageOptions {
  /** Field prior reasoning is written back in: `reasoning` (vLLM ≥ 0.12) or `reasoning_content`. @default 'reasoning' */
  reasoningField?: 'reasoning' | 'reasoning_content';
  /**
   * `providerOptions` key whose entries on a message or part are added to it as is (e.g.
   * `providerOptions: { vllm: { name: 'alice' } }` on a user message sends `name`).
   */
  extrasKey?: string;
  /**
   * How file parts read their per-part options (`uuid`, `detail`) and whether the server's release
   * takes a `uuid`; warnings are appended to its `warnings`. Default: `providerOptions.vllm`, uuids
   * sent, warnings dropped (what `tokenize()` needs: the token count does not depend on them).
   */
  files?: Omit<VllmFilePartContext, 'location'>;
}

const DEFAULT_FILE_CONTEXT: Omit<VllmFilePartContext, 'location' | 'warnings'> = {
  providerOptionsKey: 'vllm',
  uuidSupport: () => true,
};

/**
 * The AI SDK prompt as vLLM chat messages: system and user messages as given (a single text part
 * becomes a string), files through {@link convertVllmFilePart}, an assistant turn's text, reasoning
 * and tool calls in one message, and one `tool` message per tool result.
 */
export function convertToVllmChatMessages(
  prompt: LanguageModelV4Prompt,
  { reasoningField = 'reasoning', extrasKey, files }: VllmChatMessageOptions = {},
): VllmChatMessage[] {
  const fileContext = files ?? { ...DEFAULT_FILE_CONTEXT, warnings: [] };
  const extras = (providerOptions: SharedV4ProviderOptions | undefined) =>
    extrasKey === undefined ? undefined : providerOptions?.[extrasKey];
  const messages: VllmChatMessage[] = [];
  prompt.forEach((message, messageIndex) => {
    switch (message.role) {
      case 'system':
        messages.push({ role: 'system', content: message.content, ...extras(message.providerOptions) });
        break;
      case 'user': {
        const [first] = message.content;
        if (message.content.length === 1 && first.type === 'text') {
          messages.push({
            role: 'user',
            content: first.text,
            ...extras(message.providerOptions),
            ...extras(first.providerOptions),
          });
          break;
        }
        const content = message.content.map(
          (part, partIndex): VllmChatContentPart =>
            part.type === 'text'
              ? { type: 'text', text: part.text, ...extras(part.providerOptions) }
              : // A file part's providerOptions.vllm are its own options (uuid, detail), not extras.
                convertVllmFilePart(part, {
                  ...fileContext,
                  location: `messages[${messageIndex}].content[${partIndex}]`,
                }),
        );
        messages.push({ role: 'user', content, ...extras(message.providerOptions) });
        break;
      }
      case 'assistant': {
        let text = '';
        let reasoning = '';
        const toolCalls: VllmChatToolCall[] = [];
        for (const part of message.content) {
          if (part.type === 'text') text += part.text;
          else if (part.type === 'reasoning') reasoning += part.text;
          else if (part.type === 'tool-call') {
            toolCalls.push({
              id: part.toolCallId,
              type: 'function',
              function: { name: part.toolName, arguments: toolCallArguments(part.input) },
              ...extras(part.providerOptions),
            });
          }
        }
        messages.push({
          role: 'assistant',
          content: toolCalls.length > 0 ? text || null : text,
          ...(reasoning.length > 0 ? { [reasoningField]: reasoning } : {}),
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
          ...extras(message.providerOptions),
        });
        break;
      }
      case 'tool':
        for (const part of message.content) {
          if (part.type !== 'tool-result') continue; // approval responses are the SDK's business
          messages.push({
            role: 'tool',
            tool_call_id: part.toolCallId,
            content: toolResultContent(part.output),
            ...extras(part.providerOptions),
          });
        }
        break;
    }
  });
  return messages;
}

/** Tool-call arguments as the JSON text vLLM expects (a string that is already JSON stays as is). */
function toolCallArguments(input: unknown): string {
  if (typeof input !== 'string') return toJSON(input);
  try {
    JSON.parse(input);
    return input;
  } catch {
    return JSON.stringify(input);
  }
}

function toolResultContent(output: LanguageModelV4ToolResultOutput): string {
  switch (output.type) {
    case 'text':
    case 'error-text':
      return output.value;
    case 'execution-denied':
      return output.reason ?? 'Tool call execution denied.';
    default:
      return toJSON(output.value);
  }
}

/** JSON text of a value; bigints (which JSON has no form for) are written as their digits. */
function toJSON(value: unknown): string {
  return JSON.stringify(value, (_key, entry: unknown) =>
    typeof entry === 'bigint' ? entry.toString() : entry,
  );
}
