import { hashString, Random } from './random';
import { encode, tokenText } from './tokenizer';
import { GENERATION_WORDS } from './vocabulary';

/** A token with its log-probability. */
export interface TokenLogprob {
  id: number;
  logprob: number;
  rank: number;
}

const ALTERNATIVES = GENERATION_WORDS.map((word) => encode(` ${word}`)[0]);

/**
 * Deterministic log-probabilities for a generated token at `position`: the sampled token is the
 * most likely (rank 1, probability 0.5–0.999), followed by `count - 1` alternatives in decreasing
 * order, each taking 50–70% of the probability mass still left, so the probabilities never sum
 * past 1.
 */
export function tokenLogprobs(seed: number, position: number, id: number, count: number): TokenLogprob[] {
  const random = new Random(hashString(String(id), seed + position * 31));
  const sampledProbability = 0.999 - random.next() * 0.499;
  const out: TokenLogprob[] = [{ id, logprob: Math.log(sampledProbability), rank: 1 }];
  let remaining = 1 - sampledProbability;
  for (let rank = 2; out.length < Math.max(1, count); rank++) {
    const alternative = random.pick(ALTERNATIVES);
    if (out.some((entry) => entry.id === alternative)) continue;
    const probability = remaining * (0.5 + random.next() * 0.2);
    remaining -= probability;
    out.push({ id: alternative, logprob: Math.log(probability), rank });
  }
  return out.slice(0, Math.max(1, count));
}

/** The token text as vLLM reports it (`token_id:<id>` with `return_tokens_as_token_ids`). */
export function logprobToken(id: number, asTokenIds: boolean): string {
  return asTokenIds ? `token_id:${id}` : tokenText(id);
}

/**
 * vLLM's `prompt_logprobs`: `null` for the first prompt token, then per token a map
 * `{"<token_id>": {logprob, rank, decoded_token}}` with the prompt token plus the top `count`.
 */
export function promptLogprobs(seed: number, ids: readonly number[], count: number): unknown[] {
  return ids.map((id, position) => {
    if (position === 0) return null;
    const entries = tokenLogprobs(seed ^ 0x5a5a, position, id, Math.max(1, count));
    return Object.fromEntries(
      entries.map((entry) => [
        String(entry.id),
        { logprob: entry.logprob, rank: entry.rank, decoded_token: tokenText(entry.id) },
      ]),
    );
  });
}
