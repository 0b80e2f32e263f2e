import type { HashInput } from './hash-input';

// Opcodes of pickle protocol 5 (CPython Lib/pickle.py) that vLLM's block hashes use.
const PROTO = 0x80;
const FRAME = 0x95;
const STOP = 0x2e;
const NONE = 0x4e;
const MEMOIZE = 0x94;
const MARK = 0x28;
const TUPLE = 0x74;
const EMPTY_TUPLE = 0x29;
const TUPLE_N = [0, 0x85, 0x86, 0x87];
const BININT1 = 0x4b;
const BININT2 = 0x4d;
const BININT = 0x4a;
const LONG1 = 0x8a;
const SHORT_BINBYTES = 0x43;
const BINBYTES = 0x42;
const SHORT_BINUNICODE = 0x8c;
const BINUNICODE = 0x58;
/** CPython's C pickler commits a frame at an opcode boundary once it holds this many bytes. */
const FRAME_SIZE_TARGET = 64 * 1024;

const encoder = new TextEncoder();

/**
 * `pickle.dumps(value, protocol=5)` for the values vLLM hashes (bytes, ints, str, None, tuples), byte
 * for byte as CPython writes them: framing, MEMOIZE after bytes/str/non-empty tuples, the smallest
 * int opcode. vLLM's `sha256` and `xxhash` prefix-cache hashes digest these bytes
 * (`vllm/utils/hashing.py`).
 */
export function pickleDumps(value: HashInput): Uint8Array {
  const out: number[] = [];
  const frames: number[][] = [];
  const boundary = () => {
    if (out.length >= FRAME_SIZE_TARGET) frames.push(out.splice(0));
  };
  save(value, out, boundary);
  out.push(STOP);
  frames.push(out);
  const total = frames.reduce((sum, frame) => sum + frame.length + 9, 2);
  const bytes = new Uint8Array(total);
  bytes[0] = PROTO;
  bytes[1] = 5;
  let offset = 2;
  for (const frame of frames) {
    bytes[offset] = FRAME;
    writeUint64(bytes, offset + 1, frame.length);
    bytes.set(frame, offset + 9);
    offset += frame.length + 9;
  }
  return bytes;
}

function save(value: HashInput, out: number[], boundary: () => void): void {
  if (value === null) out.push(NONE);
  else if (typeof value === 'number') saveInt(value, out);
  else if (typeof value === 'string') {
    const utf8 = encoder.encode(value);
    pushSized(out, utf8, SHORT_BINUNICODE, BINUNICODE);
    out.push(MEMOIZE);
  } else if (value instanceof Uint8Array) {
    pushSized(out, value, SHORT_BINBYTES, BINBYTES);
    out.push(MEMOIZE);
  } else if (value.length === 0) out.push(EMPTY_TUPLE);
  else {
    const short = value.length <= 3;
    if (!short) out.push(MARK);
    for (const item of value as readonly HashInput[]) save(item, out, boundary);
    out.push(short ? TUPLE_N[value.length] : TUPLE, MEMOIZE);
  }
  boundary();
}

function saveInt(value: number, out: number[]): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`pickle: not a safe integer: ${value}`);
  if (value >= 0 && value <= 0xff) out.push(BININT1, value);
  else if (value >= 0 && value <= 0xffff) out.push(BININT2, value & 0xff, value >> 8);
  else if (value >= -0x80000000 && value <= 0x7fffffff) {
    out.push(BININT, value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, (value >>> 24) & 0xff);
  } else {
    // LONG1: little-endian two's complement, the fewest bytes that keep the sign (pickle.encode_long).
    const bytes: number[] = [];
    let rest = BigInt(value);
    for (;;) {
      const byte = Number(rest & 0xffn);
      bytes.push(byte);
      rest >>= 8n;
      if ((rest === 0n && byte < 0x80) || (rest === -1n && byte >= 0x80)) break;
    }
    out.push(LONG1, bytes.length, ...bytes);
  }
}

function pushSized(out: number[], data: Uint8Array, shortOpcode: number, longOpcode: number): void {
  if (data.length < 256) out.push(shortOpcode, data.length);
  else
    out.push(
      longOpcode,
      data.length & 0xff,
      (data.length >> 8) & 0xff,
      (data.length >> 16) & 0xff,
      data.length >>> 24,
    );
  for (const byte of data) out.push(byte);
}

function writeUint64(bytes: Uint8Array, offset: number, value: number): void {
  let rest = value;
  for (let index = 0; index < 8; index++) {
    bytes[offset + index] = rest % 256;
    rest = Math.floor(rest / 256);
  }
}
