import { createHash, randomBytes } from 'node:crypto';
import { cborDumps } from './canonical-cbor';
import type { HashInput } from './hash-input';
import { pickleDumps } from './python-pickle';

/**
 * `--prefix-caching-hash-algo` values across vLLM releases: `builtin` / `sha256_cbor_64bit` (≤ 0.10),
 * `sha256` / `sha256_cbor` (0.11+, #23673), `xxhash` / `xxhash_cbor` (0.13+, #29163).
 */
export type PrefixCachingHashAlgo =
  | 'builtin'
  | 'sha256'
  | 'sha256_cbor'
  | 'sha256_cbor_64bit'
  | 'xxhash'
  | 'xxhash_cbor';

/** A block hash (vLLM's `BlockHash`: the digest bytes). */
export type BlockHash = Uint8Array;

/** Hashes a Python value the way `--prefix-caching-hash-algo` does. */
export type HashFunction = (value: HashInput) => BlockHash;

const sha256 = (bytes: Uint8Array) => new Uint8Array(createHash('sha256').update(bytes).digest());

/**
 * The hash function of an algorithm. `sha256` (pickle) and `sha256_cbor` (canonical CBOR) are
 * byte-exact with vLLM's `vllm/utils/hashing.py`; `sha256_cbor_64bit` keeps the digest's low 64 bits
 * as 0.10 did. Python's `hash()` (`builtin`) and XXH3-128 (`xxhash*`) are not reproduced: the
 * emulator stands in SHA-256 truncated to their width (8 and 16 bytes). Block hashes never leave the
 * emulator (it publishes no KV events), so only collisions could tell the difference.
 */
export function hashFunction(algorithm: PrefixCachingHashAlgo): HashFunction {
  switch (algorithm) {
    case 'sha256':
      return (value) => sha256(pickleDumps(value));
    case 'sha256_cbor':
      return (value) => sha256(cborDumps(value));
    case 'sha256_cbor_64bit':
      return (value) => sha256(cborDumps(value)).subarray(24);
    case 'builtin':
      return (value) => sha256(pickleDumps(value)).subarray(0, 8);
    case 'xxhash':
      return (value) => sha256(pickleDumps(value)).subarray(0, 16);
    case 'xxhash_cbor':
      return (value) => sha256(cborDumps(value)).subarray(0, 16);
  }
}

/**
 * vLLM's `NONE_HASH`, the parent of every first block (`init_none_hash`): `hash_fn(PYTHONHASHSEED)`
 * when the variable is set (so processes can share hashes), else 32 random bytes.
 */
export function noneHash(hash: HashFunction, pythonHashSeed: string | undefined): BlockHash {
  return pythonHashSeed === undefined ? new Uint8Array(randomBytes(32)) : hash(pythonHashSeed);
}

/**
 * vLLM's `hash_block_tokens`: the hash of one full block, chained on its parent's hash (`NONE_HASH`
 * for the first block), over `(parent, tuple(token_ids), extra_keys)`.
 */
export function hashBlockTokens(
  hash: HashFunction,
  none: BlockHash,
  parent: BlockHash | undefined,
  tokenIds: readonly number[],
  extraKeys: readonly HashInput[] | undefined,
): BlockHash {
  return hash([parent === undefined || parent.length === 0 ? none : parent, tokenIds, extraKeys ?? null]);
}
