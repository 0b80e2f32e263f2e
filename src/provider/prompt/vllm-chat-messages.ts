import type { VllmUserContentPart } from './convert-vllm-file-part';

// The chat messages vLLM's /v1/chat/completions reads (OpenAI's shape plus vLLM's `reasoning`).

/** A content part of a user message: text, or a media part (`convert-vllm-file-part.ts`). */
export type VllmChatContentPart = VllmUserContentPart;

/** An assistant tool call as vLLM reads it back from the history. */
export interface VllmChatToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export type VllmChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string | VllmChatContentPart[] }
  | {
      role: 'assistant';
      content: string | null;
      /** Prior reasoning: `reasoning` (vLLM ≥ 0.12) or `reasoning_content` (older). */
      reasoning?: string;
      reasoning_content?: string;
      tool_calls?: VllmChatToolCall[];
    }
  | { role: 'tool'; tool_call_id: string; content: string };
