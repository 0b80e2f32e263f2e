import { sentence } from '../generation/default-text';
import { hashString, Random } from '../generation/random';
import type { ReplyFunction } from '../generation/reply';
import type { DecodedAudio } from './audio-file';

/** One Whisper-style segment (`TranscriptionSegment` / `TranslationSegment`). */
export interface TranscriptSegment {
  id: number;
  avg_logprob: number;
  compression_ratio: number;
  end: number;
  no_speech_prob: number | null;
  seek: number;
  start: number;
  temperature: number;
  text: string;
  tokens: number[];
}

/** The text of one audio chunk and its segments (times relative to the whole file). */
export interface ChunkTranscript {
  start: number;
  end: number;
  text: string;
  segments: Omit<TranscriptSegment, 'id'>[];
}

/** Spoken words per second the emulator "hears". */
const WORDS_PER_SECOND = 2.5;

/**
 * Splits the audio like vLLM's `split_audio` (chunks of at most `maxClipSeconds`; vLLM picks the
 * quietest ~100 ms in the last second of each chunk, the emulator the quietest whole second when it
 * knows the loudness) and returns the chunk boundaries in seconds.
 */
export function chunkBoundaries(
  audio: DecodedAudio,
  maxClipSeconds: number,
  chunking: boolean,
): [number, number][] {
  const duration = audio.durationSeconds;
  if (!chunking || duration <= maxClipSeconds) return [[0, duration]];
  const chunks: [number, number][] = [];
  let start = 0;
  while (duration - start > maxClipSeconds) {
    let end = start + maxClipSeconds;
    const loudness = audio.loudness;
    if (loudness !== undefined) {
      const quietSecond = Math.floor(end) - 1;
      if ((loudness[quietSecond] ?? 1) < (loudness[Math.floor(end)] ?? 1)) end = quietSecond + 0.5;
    }
    chunks.push([start, end]);
    start = end;
  }
  chunks.push([start, duration]);
  return chunks;
}

/**
 * Deterministic "speech" for each chunk: the `reply` function's text when it gives one (spread over
 * the chunks), else pseudo-English at about 2.5 words per second, seeded by the audio bytes. Each
 * sentence becomes a segment with proportional timings.
 */
export function transcribeChunks({
  audio,
  bytes,
  chunks,
  seed,
  temperature,
  reply,
  context,
}: {
  audio: DecodedAudio;
  bytes: Buffer;
  chunks: [number, number][];
  seed: number;
  temperature: number;
  reply: ReplyFunction | undefined;
  context: {
    endpoint: 'transcription' | 'translation';
    model: string;
    language: string | undefined;
    prompt: string;
  };
}): ChunkTranscript[] {
  const fingerprint = hashString(bytes.subarray(0, 4096).toString('latin1'), seed) ^ bytes.length;
  const scripted = reply?.({
    endpoint: context.endpoint,
    model: context.model,
    choiceIndex: 0,
    seed,
    audio: { durationSeconds: audio.durationSeconds, format: audio.format, language: context.language },
    prompt: context.prompt,
  });
  const scriptedText = typeof scripted === 'string' ? scripted : scripted?.content;
  const scriptedSentences = scriptedText?.match(/[^.!?]+[.!?]*\s*/g)?.map((text) => text.trim()) ?? [];
  return chunks.map(([start, end], chunkIndex) => {
    const random = new Random(fingerprint ^ Math.imul(chunkIndex + 1, 0x9e3779b1));
    const sentences: string[] = [];
    if (scriptedText !== undefined) {
      const per = Math.ceil(scriptedSentences.length / chunks.length);
      sentences.push(...scriptedSentences.slice(chunkIndex * per, (chunkIndex + 1) * per));
    } else {
      const words = Math.max(1, Math.round((end - start) * WORDS_PER_SECOND));
      let count = 0;
      while (count < words) {
        const next = sentence(random);
        sentences.push(next);
        count += next.split(' ').length;
      }
    }
    const totalLength = sentences.reduce((sum, text) => sum + text.length, 0) || 1;
    let cursor = start;
    const segments = sentences.map((text) => {
      const length = ((end - start) * text.length) / totalLength;
      const segment = {
        avg_logprob: -(0.1 + random.next() * 0.3),
        compression_ratio: 0.8 + random.next() * 0.6,
        end: round(cursor + length),
        no_speech_prob: null,
        seek: 0,
        start: round(cursor),
        temperature,
        text: ` ${text}`,
        tokens: Array.from({ length: text.split(' ').length }, () => random.int(220, 50_000)),
      };
      cursor += length;
      return segment;
    });
    return { start, end, text: sentences.join(' '), segments };
  });
}

function round(seconds: number): number {
  return Math.round(seconds * 100) / 100;
}
