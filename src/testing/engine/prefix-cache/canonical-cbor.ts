import type { HashInput } from './hash-input';

const encoder = new TextEncoder();

/**
 * `cbor2.dumps(value, canonical=True)` for the values vLLM hashes: tuples are arrays, `bytes` byte
 * strings, ints use their shortest head, `None` is `null` (RFC 8949 §4.2.1). vLLM's `sha256_cbor` and
 * `xxhash_cbor` prefix-cache hashes digest these bytes (`vllm/utils/hashing.py`).
 */
export function cborDumps(value: HashInput): Uint8Array {
  const out: number[] = [];
  write(value, out);
  return Uint8Array.from(out);
}

function write(value: HashInput, out: number[]): void {
  if (value === null) out.push(0xf6);
  else if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`cbor: not a safe integer: ${value}`);
    if (value >= 0) head(0, value, out);
    else head(1, -1 - value, out);
  } else if (typeof value === 'string') {
    const utf8 = encoder.encode(value);
    head(3, utf8.length, out);
    for (const byte of utf8) out.push(byte);
  } else if (value instanceof Uint8Array) {
    head(2, value.length, out);
    for (const byte of value) out.push(byte);
  } else {
    head(4, value.length, out);
    for (const item of value as readonly HashInput[]) write(item, out);
  }
}

function head(major: number, argument: number, out: number[]): void {
  const type = major << 5;
  if (argument < 24) out.push(type | argument);
  else if (argument <= 0xff) out.push(type | 24, argument);
  else if (argument <= 0xffff) out.push(type | 25, argument >> 8, argument & 0xff);
  else if (argument <= 0xffffffff)
    out.push(type | 26, argument >>> 24, (argument >> 16) & 0xff, (argument >> 8) & 0xff, argument & 0xff);
  else {
    const high = Math.floor(argument / 2 ** 32);
    const low = argument >>> 0;
    out.push(type | 27, high >>> 24, (high >> 16) & 0xff, (high >> 8) & 0xff, high & 0xff);
    out.push(low >>> 24, (low >> 16) & 0xff, (low >> 8) & 0xff, low & 0xff);
  }
}
