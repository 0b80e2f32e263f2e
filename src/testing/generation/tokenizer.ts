import { VOCABULARY } from './vocabulary';

/**
 * The emulator's deterministic, reversible tokenizer. Ids:
 * - 0–255: single bytes; 256–65791: byte pairs (fallback for text outside the vocabulary);
 * - 70000+: vocabulary words (even id = bare word, odd id = word with a leading space);
 * - Qwen3's special token ids for the chat template, thinking and tool-call markers.
 * Token counts are what `usage`, `/tokenize` and the context-length checks all use.
 */
export const SPECIAL_TOKENS: Readonly<Record<string, number>> = {
  '<|endoftext|>': 151643,
  '<|im_start|>': 151644,
  '<|im_end|>': 151645,
  '<tool_call>': 151657,
  '</tool_call>': 151658,
  '<think>': 151667,
  '</think>': 151668,
};
/** End-of-sequence token id (`<|im_end|>`), reported as `stop_reason` only via `stop_token_ids`. */
export const EOS_TOKEN_ID = 151645;
/** Vocabulary size reported by the emulated model. */
export const VOCAB_SIZE = 151936;

const PAIR_BASE = 256;
const WORD_BASE = 70000;
const SPECIAL_BY_ID = new Map(Object.entries(SPECIAL_TOKENS).map(([text, id]) => [id, text]));
const WORD_IDS = new Map<string, number>();
const WORD_BY_ID = new Map<number, string>();
VOCABULARY.forEach((word, index) => {
  for (const [offset, text] of [
    [0, word],
    [1, ` ${word}`],
  ] as const) {
    WORD_IDS.set(text, WORD_BASE + index * 2 + offset);
    WORD_BY_ID.set(WORD_BASE + index * 2 + offset, text);
  }
});
const SPECIAL_PATTERN = new RegExp(
  `(${Object.keys(SPECIAL_TOKENS)
    .map((token) => token.replace(/[|]/g, '\\|'))
    .join('|')})`,
);
const PIECE_PATTERN = / ?[A-Za-z]+|\s+|./gsu;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function pushBytes(bytes: Uint8Array, ids: number[]): void {
  let index = 0;
  for (; index + 1 < bytes.length; index += 2) ids.push(PAIR_BASE + bytes[index] * 256 + bytes[index + 1]);
  if (index < bytes.length) ids.push(bytes[index]);
}

function encodePlain(text: string, ids: number[]): void {
  for (const piece of text.match(PIECE_PATTERN) ?? []) {
    const id = WORD_IDS.get(piece);
    if (id !== undefined) ids.push(id);
    else pushBytes(encoder.encode(piece), ids);
  }
}

/** Text → token ids. Special-token strings (e.g. `<|im_start|>`) become their special ids. */
export function encode(text: string): number[] {
  const ids: number[] = [];
  if (!text.includes('<')) {
    encodePlain(text, ids);
    return ids;
  }
  for (const part of text.split(SPECIAL_PATTERN)) {
    const special = SPECIAL_TOKENS[part];
    if (special !== undefined) ids.push(special);
    else if (part !== '') encodePlain(part, ids);
  }
  return ids;
}

/** Whether the id is inside the emulated vocabulary (`0 ≤ id < VOCAB_SIZE`). */
export function isValidTokenId(id: number): boolean {
  return Number.isInteger(id) && id >= 0 && id < VOCAB_SIZE;
}

function appendTokenBytes(id: number, out: number[], skipSpecial: boolean): void {
  if (id < PAIR_BASE) out.push(id);
  else if (id < PAIR_BASE + 65536) out.push((id - PAIR_BASE) >> 8, (id - PAIR_BASE) & 0xff);
  else {
    const text = WORD_BY_ID.get(id) ?? (skipSpecial ? undefined : SPECIAL_BY_ID.get(id));
    if (text !== undefined) out.push(...encoder.encode(text));
  }
}

/** Token ids → text. Special tokens are dropped unless `skipSpecialTokens` is false. */
export function decode(ids: readonly number[], skipSpecialTokens = true): string {
  const bytes: number[] = [];
  for (const id of ids) appendTokenBytes(id, bytes, skipSpecialTokens);
  return decoder.decode(new Uint8Array(bytes));
}

/** The text of a single token (special tokens included), as vLLM's `decoded_token`. */
export function tokenText(id: number): string {
  return SPECIAL_BY_ID.get(id) ?? WORD_BY_ID.get(id) ?? decode([id], false);
}

/** UTF-8 bytes of a single token (`bytes` in chat logprobs). */
export function tokenBytes(id: number): number[] {
  const bytes: number[] = [];
  appendTokenBytes(id, bytes, false);
  return bytes;
}

/** Number of tokens of a text. */
export function countTokens(text: string): number {
  return encode(text).length;
}
