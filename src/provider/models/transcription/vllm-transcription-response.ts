import { z } from 'zod/v4';

// vLLM's speech-to-text response shapes (`TranscriptionResponse`, `TranscriptionResponseVerbose`,
// `TranscriptionStreamResponse` and the translation twins in vllm/entrypoints/speech_to_text/).

const segmentSchema = z.object({
  id: z.number().nullish(),
  start: z.number(),
  end: z.number(),
  text: z.string(),
  avg_logprob: z.number().nullish(),
  compression_ratio: z.number().nullish(),
  no_speech_prob: z.number().nullish(),
  temperature: z.number().nullish(),
});

/** `json` (`{text, usage?}`) and `verbose_json` (`{text, language, duration, segments, words?}`). */
export const vllmTranscriptionResponseSchema = z.object({
  text: z.string(),
  language: z.string().nullish(),
  duration: z.number().nullish(),
  segments: z.array(segmentSchema).nullish(),
  words: z.array(z.object({ word: z.string(), start: z.number(), end: z.number() })).nullish(),
  /** `{type: "duration", seconds}` (rounded up), transcriptions only, vLLM ≥ 0.10.2. */
  usage: z.object({ type: z.string().nullish(), seconds: z.number().nullish() }).loose().nullish(),
});

export type VllmTranscriptionResponse = z.infer<typeof vllmTranscriptionResponseSchema>;

/** One SSE chunk of a streamed transcription (`transcription.chunk` / `translation.chunk`), or an error. */
export const vllmTranscriptionChunkSchema = z.union([
  z.object({
    id: z.string().nullish(),
    object: z.string().nullish(),
    created: z.number().nullish(),
    model: z.string().nullish(),
    choices: z.array(
      z.object({
        delta: z.object({ content: z.string().nullish() }).loose(),
        finish_reason: z.string().nullish(),
        stop_reason: z.union([z.string(), z.number()]).nullish(),
      }),
    ),
    usage: z
      .object({
        prompt_tokens: z.number().nullish(),
        completion_tokens: z.number().nullish(),
        total_tokens: z.number().nullish(),
      })
      .loose()
      .nullish(),
  }),
  z.object({ error: z.object({ message: z.string() }).loose() }),
]);

export type VllmTranscriptionChunk = z.infer<typeof vllmTranscriptionChunkSchema>;
