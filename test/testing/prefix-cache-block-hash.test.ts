// Block hashing against vLLM's own functions: every expected digest in fixtures/vllm-block-hashes.json
// was computed by vllm/utils/hashing.py (see fixtures/vllm-block-hashes.py) for the worked examples
// of vLLM's tests/v1/core/test_kv_cache_utils.py.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  hashBlockTokens,
  hashFunction,
  noneHash,
  type PrefixCachingHashAlgo,
} from '../../src/testing/engine/prefix-cache/block-hash';
import { createCacheRequest, extraKeys } from '../../src/testing/engine/prefix-cache/cache-request';

const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/vllm-block-hashes.json', import.meta.url), 'utf8'),
) as {
  cases: Record<'sha256' | 'sha256_cbor', Record<string, string | string[]>>;
};
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const SEED = 'python hash seed';

describe.each(['sha256', 'sha256_cbor'] as const)(
  'block hashes with %s (byte-exact with vLLM)',
  (algorithm) => {
    const expected = fixture.cases[algorithm];
    const hash = hashFunction(algorithm);
    const none = noneHash(hash, SEED);

    it('seeds NONE_HASH from PYTHONHASHSEED (test_none_hash)', () => {
      expect(hex(none)).toBe(expected.none_hash);
    });

    it('hashes (parent, token ids, extra keys) (test_hash_block_tokens)', () => {
      const parent = new TextEncoder().encode('123');
      expect(hex(hashBlockTokens(hash, none, parent, [1, 2, 3], ['key1', 'key2']))).toBe(
        expected.test_hash_block_tokens,
      );
    });

    it('chains full blocks on NONE_HASH and leaves the partial block unhashed (test_hash_request_tokens_no_mm_inputs)', () => {
      const request = createCacheRequest(
        { blockSize: 3, hash, noneHash: none },
        { id: '0', promptIds: [0, 1, 2, 3, 4, 5, 6] },
      );
      expect(request.blockHashes.map(hex)).toEqual(expected.test_hash_request_tokens_no_mm_inputs);
    });

    it('adds (mm_hash, offset) of the placeholders a block covers (test_request_block_hasher)', () => {
      const request = createCacheRequest(
        { blockSize: 3, hash, noneHash: none },
        {
          id: '0',
          promptIds: [0, 1, 2, 3, 4, 5],
          multimodal: [
            { identifier: 'hash1', offset: 0, length: 3 },
            { identifier: 'hash2', offset: 3, length: 3 },
          ],
        },
      );
      expect(request.blockHashes.map(hex)).toEqual(expected.test_request_block_hasher);
    });

    it('keys the LoRA name on every block and the cache salt on the first', () => {
      const request = createCacheRequest(
        { blockSize: 3, hash, noneHash: none },
        { id: '0', promptIds: [0, 1, 2], loraName: 'test_lora_adapter', cacheSalt: 'salt' },
      );
      expect(hex(request.blockHashes[0])).toBe(expected.lora_and_salt);
    });

    it('encodes large token ids the way Python does', () => {
      expect(
        hex(hashBlockTokens(hash, none, undefined, [151644, 65535, 65536, 2 ** 31, 2 ** 40], undefined)),
      ).toBe(expected.large_ints);
    });
  },
);

describe('extra keys (test_generate_block_hash_extra_keys*)', () => {
  const hasher = { blockSize: 5, hash: hashFunction('sha256'), noneHash: new Uint8Array(32) };
  it('lists the multimodal items a token range overlaps, with offsets relative to its start', () => {
    const request = createCacheRequest(hasher, {
      id: '0',
      promptIds: Array.from({ length: 20 }, (_, index) => index),
      multimodal: [
        { identifier: 'hash1', offset: 0, length: 5 },
        { identifier: 'hash2', offset: 10, length: 5 },
      ],
    });
    expect(extraKeys(request, 0, 5)).toEqual([['hash1', 0]]);
    expect(extraKeys(request, 3, 8)).toEqual([['hash1', -3]]);
    expect(extraKeys(request, 6, 10)).toBeUndefined();
    expect(extraKeys(request, 0, 15)).toEqual([
      ['hash1', 0],
      ['hash2', 10],
    ]);
  });

  it('puts the cache salt on the first block only, and the LoRA name on every block', () => {
    const salted = createCacheRequest(hasher, { id: '0', promptIds: [0, 1, 2, 3, 4, 5], cacheSalt: 'salt' });
    expect(extraKeys(salted, 0, 1)).toEqual(['salt']);
    expect(extraKeys(salted, 0, 10)).toEqual(['salt']);
    expect(extraKeys(salted, 1, 2)).toBeUndefined();
    const lora = createCacheRequest(hasher, {
      id: '1',
      promptIds: [0, 1, 2, 3, 4, 5],
      loraName: 'test_lora_adapter',
    });
    expect(extraKeys(lora, 0, 3)).toEqual(['test_lora_adapter']);
    expect(extraKeys(lora, 3, 6)).toEqual(['test_lora_adapter']);
  });
});

describe('the other hash algorithms', () => {
  it.each([
    ['builtin', 8],
    ['sha256_cbor_64bit', 8],
    ['xxhash', 16],
    ['xxhash_cbor', 16],
  ] as Array<[PrefixCachingHashAlgo, number]>)(
    '%s gives %i-byte hashes that tell blocks apart',
    (algorithm, width) => {
      const hash = hashFunction(algorithm);
      const none = noneHash(hash, SEED);
      const a = hashBlockTokens(hash, none, undefined, [1, 2, 3], undefined);
      expect(a).toHaveLength(width);
      expect(hex(hashBlockTokens(hash, none, undefined, [1, 2, 3], undefined))).toBe(hex(a));
      expect(hex(hashBlockTokens(hash, none, undefined, [1, 2, 4], undefined))).not.toBe(hex(a));
    },
  );

  it('keeps the low 64 bits of the CBOR SHA-256 for sha256_cbor_64bit (vLLM 0.10)', () => {
    const value = [new Uint8Array([1]), [1, 2, 3], null];
    expect(hex(hashFunction('sha256_cbor_64bit')(value))).toBe(
      hex(hashFunction('sha256_cbor')(value)).slice(48),
    );
  });

  it('draws a random NONE_HASH without PYTHONHASHSEED', () => {
    const hash = hashFunction('sha256');
    expect(hex(noneHash(hash, undefined))).not.toBe(hex(noneHash(hash, undefined)));
  });
});
