// The chat messages vLLM's /v1/chat/completions reads (OpenAI's shape plus vLLM's `reasoning`).

/** A content part of a user message (or of a multi-part tool result). */
export type VllmChatContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string } }
  | { type: 'video_url'; video_url: { url: string } }
  | { type: 'input_audio'; input_audio: { data: string; format: 'wav' | 'mp3' } };

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
