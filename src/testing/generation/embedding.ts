import { Random } from './random';

/**
 * A deterministic embedding: the normalised sum of one pseudo-random vector per token id, so
 * texts sharing tokens are close (cosine similarity reflects token overlap).
 */
export function embedTokens(ids: readonly number[], dimensions: number, normalize: boolean): number[] {
  const vector = new Float64Array(dimensions);
  for (const id of ids) {
    const random = new Random(id * 2654435761);
    for (let index = 0; index < dimensions; index++) vector[index] += random.next() * 2 - 1;
  }
  let norm = 0;
  for (let index = 0; index < dimensions; index++) norm += vector[index] * vector[index];
  const scale = normalize && norm > 0 ? 1 / Math.sqrt(norm) : ids.length > 0 ? 1 / ids.length : 1;
  return Array.from(vector, (value) => Math.fround(value * scale));
}

/** float32 little-endian base64, vLLM's `encoding_format: "base64"` (`embed_dtype` float32). */
export function embeddingToBase64(values: readonly number[]): string {
  return Buffer.from(new Float32Array(values).buffer).toString('base64');
}
