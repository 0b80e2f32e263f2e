import type { JSONObject } from '@ai-sdk/provider';
import { describeToolCallParser } from '../../vllm-model-presets';

// Pieces of a chat answer shared by the whole response and the stream.

type ContentValue = string | { type: string; [key: string]: unknown }[] | null | undefined;

/**
 * The text and reasoning in a message's `content`: a string is text; an array (some reasoning
 * parsers) holds `{type: 'text', text}` parts and `{type: 'thinking', thinking: [{type: 'text', text}]}`.
 */
export function readContent(content: ContentValue): { type: 'text' | 'reasoning'; text: string }[] {
  if (content == null) return [];
  if (typeof content === 'string') return content.length > 0 ? [{ type: 'text', text: content }] : [];
  const result: { type: 'text' | 'reasoning'; text: string }[] = [];
  for (const part of content) {
    if (part.type === 'text' && typeof part.text === 'string') {
      if (part.text.length > 0) result.push({ type: 'text', text: part.text });
    } else if (part.type === 'thinking' && Array.isArray(part.thinking)) {
      let text = '';
      for (const piece of part.thinking as unknown[]) {
        const item = piece as JSONObject | null;
        if (item?.type === 'text' && typeof item.text === 'string') text += item.text;
      }
      if (text.length > 0) result.push({ type: 'reasoning', text });
    }
  }
  return result;
}

/** The warning for `finish_reason: "tool_calls"` without any tool call. */
export function missingToolCallsWarning(): { type: 'other'; message: string } {
  return {
    type: 'other',
    message:
      'vLLM finished with finish_reason "tool_calls" but returned no tool call. The call was probably emitted inside the ' +
      "reasoning (check the server's --reasoning-parser) or not recognised by the server's --tool-call-parser " +
      `(use ${describeToolCallParser()}).`,
  };
}
