/** What a {@link ReplyFunction} gets to decide the text of one generated choice. */
export interface ReplyContext {
  /**
   * `chat` for `/v1/chat/completions` (and `/v1/responses`, which vLLM runs through the chat
   * template), `completion` for `/v1/completions`, `transcription` / `translation` for
   * `/v1/audio/transcriptions` / `/v1/audio/translations` (the reply is the transcript).
   */
  endpoint: 'chat' | 'completion' | 'transcription' | 'translation';
  /** The request `model` (served name or LoRA adapter name). */
  model: string;
  /** Chat messages as sent (chat only). */
  messages?: readonly unknown[];
  /** The prompt text (completions; the `prompt` form field for speech-to-text). */
  prompt?: string;
  /** The uploaded audio (speech-to-text only): duration in seconds, container format, requested language. */
  audio?: { durationSeconds: number; format: string; language: string | undefined };
  /** Choice index (0 … n-1). */
  choiceIndex: number;
  /** The effective seed (request `seed`, else the emulator's). */
  seed: number;
}

/** A scripted reply: the content text, or content plus reasoning (used with a reasoning parser). */
export type Reply = string | { content?: string; reasoning?: string };

/**
 * Returns what the model "generates" for a choice, or `undefined` for the built-in text.
 * Structured-output constraints and tool calls take precedence over it.
 */
export type ReplyFunction = (context: ReplyContext) => Reply | undefined;
