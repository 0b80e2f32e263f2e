import type { LanguageModelV4CallOptions, LanguageModelV4Prompt, SharedV4Warning } from '@ai-sdk/provider';
import { describeToolCallParser } from '../../vllm-model-presets';
import type { VllmUserContentPart } from './media/vllm-file-part';

// Prompt- and tool-level adjustments for vLLM's chat endpoint: the field prior reasoning is
// written back in, tool `strict`, and Mistral's 9-character tool-call ids.

const MISTRAL_FAMILY = /mistral|mixtral|ministral|magistral|devstral|codestral|pixtral|voxtral/i;
const MISTRAL_ID = /^[A-Za-z0-9]{9}$/;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Whether a model id names a Mistral-family model (vLLM runs them with the Mistral tokenizer). */
export function isMistralFamily(modelId: string): boolean {
  return MISTRAL_FAMILY.test(modelId);
}

/** Whether an assistant message in the prompt carries reasoning (which is written back). */
export function promptHasReasoning(prompt: LanguageModelV4Prompt): boolean {
  for (const message of prompt) {
    if (message.role !== 'assistant') continue;
    for (const part of message.content) if (part.type === 'reasoning') return true;
  }
  return false;
}

/** Whether a function tool sets `strict`. */
export function toolsUseStrict(tools: LanguageModelV4CallOptions['tools']): boolean {
  return tools?.some((tool) => tool.type === 'function' && tool.strict != null) ?? false;
}

/** A stable 9-character alphanumeric id for `id` (FNV-1a, two seeds, base 62). */
function mistralId(id: string, salt: number): string {
  let a = 0x811c9dc5 ^ salt;
  let b = 0x01000193 + salt;
  for (let index = 0; index < id.length; index++) {
    const code = id.charCodeAt(index);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995);
  }
  let value = (BigInt(a >>> 0) << 32n) | BigInt(b >>> 0);
  let result = '';
  for (let index = 0; index < 9; index++) {
    result += ALPHABET[Number(value % 62n)];
    value /= 62n;
  }
  return result;
}

/**
 * Rewrites tool-call ids that are not 9 alphanumeric characters (what Mistral's tokenizer
 * accepts) to stable ones: the same id always maps to the same replacement, distinct ids stay
 * distinct. Returns the prompt unchanged when every id already fits.
 */
export function rewriteToolCallIdsForMistral(prompt: LanguageModelV4Prompt): LanguageModelV4Prompt {
  const needsRewrite = prompt.some(
    (message) =>
      (message.role === 'assistant' || message.role === 'tool') &&
      message.content.some(
        (part) =>
          (part.type === 'tool-call' || part.type === 'tool-result') && !MISTRAL_ID.test(part.toolCallId),
      ),
  );
  if (!needsRewrite) return prompt;

  const mapping = new Map<string, string>();
  const used = new Set<string>();
  for (const message of prompt) {
    if (message.role !== 'assistant' && message.role !== 'tool') continue;
    for (const part of message.content) {
      if ((part.type === 'tool-call' || part.type === 'tool-result') && MISTRAL_ID.test(part.toolCallId)) {
        used.add(part.toolCallId);
      }
    }
  }
  const map = (id: string) => {
    if (MISTRAL_ID.test(id)) return id;
    let mapped = mapping.get(id);
    if (mapped === undefined) {
      for (let salt = 0; mapped === undefined || used.has(mapped); salt++) mapped = mistralId(id, salt);
      mapping.set(id, mapped);
      used.add(mapped);
    }
    return mapped;
  };

  return prompt.map((message) => {
    if (message.role === 'assistant') {
      return {
        ...message,
        content: message.content.map((part) =>
          part.type === 'tool-call' || part.type === 'tool-result'
            ? { ...part, toolCallId: map(part.toolCallId) }
            : part,
        ),
      };
    }
    if (message.role === 'tool') {
      return {
        ...message,
        content: message.content.map((part) =>
          part.type === 'tool-result' ? { ...part, toolCallId: map(part.toolCallId) } : part,
        ),
      };
    }
    return message;
  });
}

/** Per-call body rewrites that need openai-compatible's finished body. */
export interface VllmChatBodyRewrites {
  /** Rename assistant `reasoning_content` (what openai-compatible writes) to `reasoning`. */
  reasoningField?: 'reasoning';
  /** Remove `strict` from function tools (the server's version does not know it). */
  stripToolStrict?: boolean;
  /**
   * vLLM content for the user messages with file parts, by position among the user messages
   * (`undefined`: keep openai-compatible's content). Built by `media/vllm-user-media.ts`.
   */
  userMessageContents?: readonly (readonly VllmUserContentPart[] | undefined)[];
}

/** Applies {@link VllmChatBodyRewrites} to the body openai-compatible built (mutates `body`). */
export function applyChatBodyRewrites(body: Record<string, unknown>, rewrites: VllmChatBodyRewrites): void {
  if (rewrites.reasoningField === 'reasoning' && Array.isArray(body.messages)) {
    body.messages = body.messages.map((message: Record<string, unknown>) => {
      if (message.role !== 'assistant' || message.reasoning_content === undefined) return message;
      const { reasoning_content: reasoning, ...rest } = message;
      return { ...rest, reasoning };
    });
  }
  if (rewrites.userMessageContents !== undefined && Array.isArray(body.messages)) {
    const contents = rewrites.userMessageContents;
    let userIndex = 0;
    body.messages = body.messages.map((message: Record<string, unknown>) => {
      if (message.role !== 'user') return message;
      const content = contents[userIndex++];
      return content === undefined ? message : { ...message, content };
    });
  }
  if (rewrites.stripToolStrict && Array.isArray(body.tools)) {
    body.tools = body.tools.map((tool: { function?: Record<string, unknown> }) => {
      if (tool.function?.strict === undefined) return tool;
      const { strict: _strict, ...definition } = tool.function;
      return { ...tool, function: definition };
    });
  }
}

/** The warning for `finish_reason: "tool_calls"` without any tool call. */
export function missingToolCallsWarning(): SharedV4Warning {
  return {
    type: 'other',
    message:
      'vLLM finished with finish_reason "tool_calls" but returned no tool call. The call was probably emitted inside the ' +
      "reasoning (check the server's --reasoning-parser) or not recognised by the server's --tool-call-parser " +
      `(use ${describeToolCallParser()}).`,
  };
}
