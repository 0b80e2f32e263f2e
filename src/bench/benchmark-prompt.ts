/** Common English words that most tokenizers encode as one token each (with the leading space). */
const WORDS = (
  'the of and to in is was for on that with as by at from his her they this had not are but which ' +
  'one all were we when there can an your their said if do will each about how up out them then she ' +
  'many some so these would other into has more two time like could no make than first been its who ' +
  'now people my made over did down only way find use may water long little very after words called ' +
  'just where most know get through back much go good new write our me man too any day same right look ' +
  'think also around another came come work three word must because does part even place well such'
).split(' ');

/**
 * A prompt of `words` plain words. Every prompt of a given length holds the same words (so it has
 * the same token count under any tokenizer) in a different order from its first word on, per
 * `requestNumber`, so vLLM's prefix cache (which matches whole blocks from the start) cannot serve it.
 */
export function benchmarkPrompt(requestNumber: number, words: number): string {
  const parts: string[] = [];
  for (let word = 1; word < words; word++) parts.push(WORDS[word % WORDS.length]);
  // Fisher–Yates with a small per-request LCG.
  let state = (requestNumber * 2654435761 + 1) >>> 0;
  for (let index = parts.length - 1; index > 0; index--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const other = state % (index + 1);
    [parts[index], parts[other]] = [parts[other], parts[index]];
  }
  return `Request ${requestNumber}: ${parts.join(' ')}`;
}

/**
 * Word count for a prompt of about `targetTokens` tokens: with a token counter (the server's
 * `POST /tokenize`, template included) two probes fit `tokens = overhead + perWord × words`;
 * without one, one word per token. Never less than 1.
 */
export async function calibratePromptWords(
  targetTokens: number,
  countTokens: ((words: number) => Promise<number | undefined>) | undefined,
): Promise<{ words: number; calibrated: boolean }> {
  const fallback = { words: Math.max(1, targetTokens), calibrated: false };
  if (countTokens === undefined) return fallback;
  const small = 16;
  const large = Math.max(64, targetTokens);
  const [smallTokens, largeTokens] = [await countTokens(small), await countTokens(large)];
  if (smallTokens === undefined || largeTokens === undefined || largeTokens <= smallTokens) return fallback;
  const perWord = (largeTokens - smallTokens) / (large - small);
  const overhead = smallTokens - perWord * small;
  return { words: Math.max(1, Math.round((targetTokens - overhead) / perWord)), calibrated: true };
}
