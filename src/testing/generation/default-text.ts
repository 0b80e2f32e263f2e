import type { Random } from './random';
import { encode } from './tokenizer';
import { GENERATION_WORDS } from './vocabulary';

const STARTERS = ['The', 'This', 'It', 'We', 'A', 'In', 'That', 'They', 'You'];

/** One pseudo-English sentence (every word is a single token of the emulator's vocabulary). */
export function sentence(random: Random): string {
  let text = random.pick(STARTERS);
  const length = random.int(5, 12);
  for (let index = 0; index < length; index++) text += ` ${random.pick(GENERATION_WORDS)}`;
  return `${text}.`;
}

/** Deterministic text of about `targetTokens` tokens, ending at a sentence end. */
export function defaultText(random: Random, targetTokens: number): string {
  let text = sentence(random);
  while (encode(text).length < targetTokens) text += ` ${sentence(random)}`;
  return text;
}

/** Endless token ids for generation past the model's natural end (`ignore_eos`, `min_tokens`). */
export function fillerTokens(random: Random): () => number {
  let queue: number[] = [];
  let index = 0;
  return () => {
    if (index >= queue.length) {
      queue = encode(` ${sentence(random)}`);
      index = 0;
    }
    return queue[index++];
  };
}
