// The emulator's KV-cache manager against the worked examples of vLLM's
// tests/v1/core/test_prefix_caching.py (main @ 017e9f4448; v0.10.0 for the older free order):
// the same requests, block ids, free-queue orders and hit counts.
import { describe, expect, it } from 'vitest';
import { hashFunction } from '../../src/testing/engine/prefix-cache/block-hash';
import {
  appendOutputTokens,
  type CacheRequest,
  createCacheRequest,
} from '../../src/testing/engine/prefix-cache/cache-request';
import { KvCacheManager } from '../../src/testing/engine/prefix-cache/kv-cache-manager';

const BLOCK = 16;
const hasher = { blockSize: BLOCK, hash: hashFunction('sha256'), noneHash: new Uint8Array(32).fill(7) };
const COMMON = [0, 1, 2].flatMap((value) => new Array<number>(BLOCK).fill(value)); // 3 full blocks

function manager(numGpuBlocks: number, options: { enableCaching?: boolean; prependUncached?: boolean } = {}) {
  return new KvCacheManager({
    numGpuBlocks,
    blockSize: BLOCK,
    enableCaching: options.enableCaching ?? true,
    maxModelLen: 8192,
    prependUncached: options.prependUncached,
  });
}

function request(
  id: string,
  promptIds: number[],
  extra: Partial<Parameters<typeof createCacheRequest>[1]> = {},
) {
  return createCacheRequest(hasher, { id, promptIds, ...extra });
}

/** vLLM's test pattern: look up, then allocate the rest of the prompt. */
function schedule(kv: KvCacheManager, req: CacheRequest) {
  const computed = kv.getComputedBlocks(req);
  const blocks = kv.allocateSlots(req, req.tokenIds.length - computed.numComputedTokens, computed);
  return { computed, ids: blocks?.map((block) => block.id) };
}

describe('KV-cache manager (vLLM test_prefix_caching.py worked examples)', () => {
  it('test_prefill: hits the common prefix while in use and after it is freed, evicts LRU', () => {
    const kv = manager(11);
    const req0 = request('0', [...COMMON, ...new Array(7).fill(3)]);
    const first = schedule(kv, req0);
    expect(req0.blockHashes).toHaveLength(3);
    expect(first.computed.numComputedTokens).toBe(0);
    expect(first.ids).toEqual([1, 2, 3, 4]);
    expect([1, 2, 3].map((id) => kv.pool.blocks[id].hashKey)).toEqual(req0.blockHashKeys);
    expect(kv.pool.blocks[4].hashKey).toBeUndefined();

    const req1 = request('1', [...COMMON, ...new Array(5).fill(3)]);
    const second = schedule(kv, req1);
    expect(second.computed.blocks.map((block) => block.id)).toEqual([1, 2, 3]);
    expect(second.computed.numComputedTokens).toBe(48);
    expect(second.ids).toEqual([5]);
    expect(second.computed.blocks.map((block) => block.refCount)).toEqual([2, 2, 2]);
    expect(kv.pool.numFreeBlocks).toBe(5);

    kv.free(req0);
    kv.free(req1);
    expect(kv.pool.numFreeBlocks).toBe(10);
    // Uncached partial blocks (5, 4) first, never-used blocks, then the cached chain tail first.
    expect(kv.pool.freeBlockIds()).toEqual([5, 4, 6, 7, 8, 9, 10, 3, 2, 1]);

    const req2 = request('2', [...COMMON, ...new Array(6).fill(3)]);
    const third = schedule(kv, req2);
    expect(third.computed.blocks.map((block) => block.id)).toEqual([1, 2, 3]);
    expect(third.ids).toEqual([5]);
    expect(kv.pool.numFreeBlocks).toBe(6);
    kv.free(req2);

    // A 10-block miss takes every block, in eviction order.
    const req3 = request('3', new Array(BLOCK * 10).fill(99));
    const miss = schedule(kv, req3);
    expect(miss.computed.numComputedTokens).toBe(0);
    expect(miss.ids).toEqual([5, 4, 6, 7, 8, 9, 10, 3, 2, 1]);
    expect(kv.pool.numFreeBlocks).toBe(0);
  });

  it('v0.10.0 test_prefill: every freed block was appended (before #43447)', () => {
    const kv = manager(11, { prependUncached: false });
    const req0 = request('0', [...COMMON, ...new Array(7).fill(3)]);
    const req1 = request('1', [...COMMON, ...new Array(5).fill(3)]);
    schedule(kv, req0);
    schedule(kv, req1);
    kv.free(req0);
    kv.free(req1);
    expect(kv.pool.freeBlockIds()).toEqual([6, 7, 8, 9, 10, 4, 5, 3, 2, 1]);
  });

  it('test_decode: output tokens fill the last block, which is cached once full', () => {
    const kv = manager(11);
    const req0 = request('0', [...COMMON, ...new Array(7).fill(3)]);
    expect(schedule(kv, req0).ids).toEqual([1, 2, 3, 4]);
    req0.numComputedTokens = 55;
    appendOutputTokens(hasher, req0, [8, 8, 8, 8]);
    expect(kv.allocateSlots(req0, 4)).toEqual([]);
    expect(kv.pool.blocks[4].hashKey).toBeUndefined();
    req0.numComputedTokens = 59;
    appendOutputTokens(hasher, req0, new Array(19).fill(7));
    expect(kv.allocateSlots(req0, 19)).toHaveLength(1);
    expect(kv.pool.blocks[4].hashKey).toBe(req0.blockHashKeys[3]);
    expect(kv.pool.blocks[5].hashKey).toBeUndefined();
  });

  it('test_evict: frees a request tail first and re-touches cached blocks', () => {
    const kv = manager(11);
    const last = 5 * BLOCK + 7;
    const req0 = request(
      '0',
      Array.from({ length: last }, (_, index) => index),
    );
    expect(schedule(kv, req0).ids).toHaveLength(6);
    const req1 = request(
      '1',
      Array.from({ length: 3 * BLOCK }, (_, index) => last + index),
    );
    expect(schedule(kv, req1).ids).toHaveLength(3);
    expect(kv.pool.numFreeBlocks).toBe(1);
    kv.free(req0);
    expect(kv.pool.freeBlockIds()).toEqual([6, 10, 5, 4, 3, 2, 1]);
    kv.free(req1);
    expect(kv.pool.freeBlockIds()).toEqual([6, 10, 5, 4, 3, 2, 1, 9, 8, 7]);
    const req2 = request(
      '2',
      Array.from({ length: 2 * BLOCK + 3 }, (_, index) => index),
    );
    const touched = schedule(kv, req2);
    expect(touched.computed.blocks.map((block) => block.id)).toEqual([1, 2]);
    expect(touched.computed.numComputedTokens).toBe(32);
    expect(touched.ids).toEqual([6]);
    expect(kv.pool.numFreeBlocks).toBe(7);
  });

  it('test_hash_block_correct_reuse: a reused block loses its old hash', () => {
    const kv = manager(2);
    const req0 = request(
      '0',
      Array.from({ length: BLOCK }, (_, index) => index),
    );
    expect(schedule(kv, req0).ids).toHaveLength(1);
    kv.free(req0);
    const req1 = request(
      '1',
      Array.from({ length: BLOCK - 1 }, (_, index) => index),
    );
    const reused = schedule(kv, req1);
    expect(reused.ids).toHaveLength(1);
    expect(kv.pool.blocks[reused.ids?.[0] ?? 0].hashKey).toBeUndefined();
  });

  it('test_computed_blocks_not_evicted: a hit is not evicted to make room for the same request', () => {
    const kv = manager(3);
    const req0 = request(
      '0',
      Array.from({ length: BLOCK }, (_, index) => index),
    );
    expect(schedule(kv, req0).ids).toEqual([1]);
    const req1 = request(
      '1',
      Array.from({ length: BLOCK }, (_, index) => BLOCK + index),
    );
    expect(schedule(kv, req1).ids).toEqual([2]);
    kv.free(req0);
    kv.free(req1);
    const req2 = request(
      '2',
      Array.from({ length: 2 * BLOCK }, (_, index) => index),
    );
    const result = schedule(kv, req2);
    expect(result.computed.blocks.map((block) => block.id)).toEqual([1]);
    expect(result.ids).toEqual([2]);
  });

  it('test_basic_prefix_caching_disabled: no hits, and the pool still limits allocation', () => {
    const kv = new KvCacheManager({ numGpuBlocks: 5, blockSize: 4, enableCaching: false, maxModelLen: 8192 });
    const small = { ...hasher, blockSize: 4 };
    const req1 = createCacheRequest(small, {
      id: '1',
      promptIds: Array.from({ length: 10 }, (_, index) => index),
    });
    expect(schedule(kv, req1).ids).toHaveLength(3);
    kv.free(req1);
    const req2 = createCacheRequest(small, {
      id: '2',
      promptIds: Array.from({ length: 16 }, (_, index) => index),
    });
    const second = schedule(kv, req2);
    expect(second.computed.numComputedTokens).toBe(0);
    expect(second.ids).toHaveLength(4);
    const req3 = createCacheRequest(small, { id: '3', promptIds: [0, 1, 2, 3] });
    expect(schedule(kv, req3).ids).toBeUndefined();
  });

  it('caches no block with caching disabled, not even when a finished request caches its blocks', () => {
    const kv = manager(11, { enableCaching: false });
    const req = request('0', [...COMMON, 3]);
    schedule(kv, req);
    kv.cacheBlocks(req, req.tokenIds.length);
    expect(kv.numCachedTokens(req)).toBe(0);
    kv.free(req);
    expect(kv.pool.blocks.filter((block) => block.hashKey !== undefined)).toEqual([]);
    expect(kv.pool.getCachedBlock(req.blockHashKeys[0])).toBeUndefined();
  });

  it('test_prefill_plp: prompt-logprobs requests neither read the cache nor count as lookups', () => {
    const kv = manager(11);
    const req0 = request('0', [...COMMON, ...new Array(7).fill(3)], { skipReadingPrefixCache: true });
    expect(schedule(kv, req0).ids).toEqual([1, 2, 3, 4]);
    const req1 = request('1', [...COMMON, ...new Array(5).fill(3)]);
    expect(schedule(kv, req1).computed.numComputedTokens).toBe(48);
    kv.free(req0);
    kv.free(req1);
    const req2 = request('2', [...COMMON, ...new Array(6).fill(3)], { skipReadingPrefixCache: true });
    const plp = schedule(kv, req2);
    expect(plp.computed.numComputedTokens).toBe(0);
    expect(plp.ids).not.toEqual([1, 2, 3, 4]);
    // Its blocks are cached under the same hashes (duplicates of req0's).
    expect(plp.ids?.slice(0, 3).map((id) => kv.pool.blocks[id].hashKey)).toEqual(req0.blockHashKeys);
    kv.recordPrefixCacheStats(req2, 0);
    expect(kv.stats.requests).toBe(0);
  });

  it('test_cache_key_salting: the same salt shares the prefix, another salt does not', () => {
    const kv = manager(11);
    const req0 = request('0', [...COMMON, ...new Array(11).fill(3)], { cacheSalt: 'salt1' });
    expect(schedule(kv, req0).ids).toEqual([1, 2, 3, 4]);
    const req1 = request('1', [...COMMON, ...new Array(11).fill(4)], { cacheSalt: 'salt1' });
    expect(kv.getComputedBlocks(req1).numComputedTokens).toBe(48);
    const req2 = request('2', [...COMMON, ...new Array(11).fill(4)], { cacheSalt: 'salt2' });
    expect(kv.getComputedBlocks(req2).numComputedTokens).toBe(0);
    const lora = request('3', [...COMMON, ...new Array(11).fill(4)], { cacheSalt: 'salt1', loraName: 'sql' });
    expect(kv.getComputedBlocks(lora).numComputedTokens).toBe(0);
  });

  it('never hits the last prompt token: a block-aligned repeat recomputes its last block', () => {
    const kv = manager(11);
    const req0 = request('0', [...COMMON]);
    schedule(kv, req0);
    kv.free(req0);
    const again = request('1', [...COMMON]);
    expect(kv.getComputedBlocks(again).numComputedTokens).toBe(32);
  });

  it('test_reset_prefix_cache: refused while blocks are in use, then clears every hash', () => {
    const kv = manager(11);
    const req0 = request('0', [...COMMON, ...new Array(7).fill(3)]);
    schedule(kv, req0);
    expect(kv.pool.resetPrefixCache()).toBe(false);
    kv.free(req0);
    expect(kv.pool.resetPrefixCache()).toBe(true);
    expect(kv.pool.blocks.every((block) => block.hashKey === undefined)).toBe(true);
    expect(kv.getComputedBlocks(request('1', [...COMMON, 5])).numComputedTokens).toBe(0);
  });

  it('counts queries (whole request) and hits, preempted requests apart', () => {
    const kv = manager(11);
    const req0 = request('0', [...COMMON, ...new Array(7).fill(3)]);
    const { computed } = schedule(kv, req0);
    kv.recordPrefixCacheStats(req0, computed.numComputedTokens);
    const req1 = request('1', [...COMMON, ...new Array(5).fill(3)]);
    const hit = schedule(kv, req1).computed;
    kv.recordPrefixCacheStats(req1, hit.numComputedTokens);
    req1.numPreemptions = 1;
    kv.recordPrefixCacheStats(req1, 48);
    expect(kv.takeStats()).toEqual({
      requests: 2,
      queries: 55 + 53,
      hits: 48,
      preemptedRequests: 1,
      preemptedQueries: 53,
      preemptedHits: 48,
    });
    expect(kv.stats.requests).toBe(0);
  });
});
