import { BlockPool } from './block-pool';
import type { CacheRequest } from './cache-request';
import type { KvCacheBlock } from './kv-cache-block';

/** Prefix-cache lookups (vLLM `PrefixCacheStats`): new requests, and re-admitted preempted ones apart. */
export interface PrefixCacheStats {
  requests: number;
  /** Tokens looked up (each request's whole length). */
  queries: number;
  /** Tokens found in the cache. */
  hits: number;
  preemptedRequests: number;
  preemptedQueries: number;
  preemptedHits: number;
}

export interface KvCacheManagerConfig {
  /** Blocks in the pool, the reserved null block included (`--num-gpu-blocks-override`). */
  numGpuBlocks: number;
  /** Tokens per block (`--block-size`). */
  blockSize: number;
  /** `--enable-prefix-caching`. */
  enableCaching: boolean;
  /** Longest sequence (`--max-model-len`). */
  maxModelLen: number;
  /** Freed uncached blocks go to the front of the free queue (vLLM ≥ 2026-06). @default true */
  prependUncached?: boolean;
}

/** What a lookup found: cached blocks (a prefix of the request) and the tokens they hold. */
export interface ComputedBlocks {
  blocks: KvCacheBlock[];
  numComputedTokens: number;
}

const cdiv = (a: number, b: number) => Math.ceil(a / b);

/**
 * vLLM V1's `KVCacheManager` for a model with one full-attention KV-cache group
 * (`vllm/v1/core/kv_cache_manager.py`, `single_type_kv_cache_manager.py`): lookups of a request's
 * longest cached prefix in whole blocks (never its last token: it is recomputed for logits),
 * allocation of new blocks (evicting LRU cached blocks), caching of blocks as they fill, and freeing
 * in reverse order so a chain's tail is evicted before its head.
 */
export class KvCacheManager {
  pool: BlockPool;
  readonly blockSize: number;
  readonly enableCaching: boolean;
  private readonly maxModelLen: number;
  private readonly requestBlocks = new Map<string, KvCacheBlock[]>();
  private readonly numCachedBlocks = new Map<string, number>();
  readonly stats: PrefixCacheStats = emptyStats();
  private readonly config: KvCacheManagerConfig;

  constructor(config: KvCacheManagerConfig) {
    this.config = config;
    this.blockSize = config.blockSize;
    this.enableCaching = config.enableCaching;
    this.maxModelLen = config.maxModelLen;
    this.pool = new BlockPool(config.numGpuBlocks, config.enableCaching, config.prependUncached ?? true);
  }

  /** KV-cache usage (0–1), `vllm:kv_cache_usage_perc`. */
  get usage(): number {
    return this.pool.usage;
  }

  /** Whether a cache lookup runs for this request. */
  lookupEnabled(request: CacheRequest): boolean {
    return this.enableCaching && !request.skipReadingPrefixCache;
  }

  /** The request's longest cached prefix, in full blocks, at most `numTokens - 1` tokens. */
  getComputedBlocks(request: CacheRequest): ComputedBlocks {
    if (!this.lookupEnabled(request)) return { blocks: [], numComputedTokens: 0 };
    const maxHitBlocks = Math.floor((request.tokenIds.length - 1) / this.blockSize);
    const blocks: KvCacheBlock[] = [];
    for (let index = 0; index < maxHitBlocks && index < request.blockHashKeys.length; index++) {
      const block = this.pool.getCachedBlock(request.blockHashKeys[index]);
      if (block === undefined) break;
      blocks.push(block);
    }
    return { blocks, numComputedTokens: blocks.length * this.blockSize };
  }

  /** Counts a lookup in the prefix-cache stats (none when the lookup was skipped). */
  recordPrefixCacheStats(request: CacheRequest, hits: number): void {
    if (!this.lookupEnabled(request)) return;
    const tokens = request.tokenIds.length;
    if (request.numPreemptions > 0) {
      this.stats.preemptedRequests++;
      this.stats.preemptedQueries += tokens;
      this.stats.preemptedHits += hits;
    } else {
      this.stats.requests++;
      this.stats.queries += tokens;
      this.stats.hits += hits;
    }
  }

  /**
   * Blocks the request would take from the free queue to compute `numNewTokens` more tokens (after
   * `computed`): new blocks, plus cached hits that are free now (touching them takes them out).
   */
  blocksNeeded(request: CacheRequest, numNewTokens: number, computed?: ComputedBlocks): number {
    const hits = computed?.blocks ?? [];
    const computedTokens = request.numComputedTokens + (computed?.numComputedTokens ?? 0);
    const needSlot = Math.min(computedTokens + numNewTokens, this.maxModelLen);
    const held = this.requestBlocks.get(request.id)?.length ?? 0;
    const newBlocks = Math.max(cdiv(needSlot, this.blockSize) - held - hits.length, 0);
    return newBlocks + hits.filter((block) => block.refCount === 0).length;
  }

  /**
   * vLLM's `allocate_slots`: slots for `numNewTokens` more tokens after the cache hits `computed`.
   * `undefined` when the free queue is too short (nothing changes then). Full blocks are cached.
   */
  allocateSlots(
    request: CacheRequest,
    numNewTokens: number,
    computed?: ComputedBlocks,
  ): KvCacheBlock[] | undefined {
    if (this.blocksNeeded(request, numNewTokens, computed) > this.pool.numFreeBlocks) return undefined;
    let blocks = this.requestBlocks.get(request.id);
    if (blocks === undefined) {
      blocks = [];
      this.requestBlocks.set(request.id, blocks);
    }
    const hits = computed?.blocks ?? [];
    if (hits.length > 0) {
      if (this.enableCaching) this.pool.touch(hits);
      blocks.push(...hits);
      request.numComputedTokens += computed?.numComputedTokens ?? 0;
    }
    const needSlot = Math.min(request.numComputedTokens + numNewTokens, this.maxModelLen);
    const fresh = this.pool.getNewBlocks(Math.max(cdiv(needSlot, this.blockSize) - blocks.length, 0));
    blocks.push(...fresh);
    this.cacheBlocks(request, Math.min(request.numComputedTokens + numNewTokens, request.tokenIds.length));
    return fresh;
  }

  /**
   * Caches the request's blocks that are full up to `numTokens` (hashes come from the request);
   * nothing with `--no-enable-prefix-caching`.
   */
  cacheBlocks(request: CacheRequest, numTokens: number): void {
    if (!this.enableCaching) return;
    const blocks = this.requestBlocks.get(request.id) ?? [];
    const from = this.numCachedBlocks.get(request.id) ?? 0;
    const to = Math.min(Math.floor(numTokens / this.blockSize), request.blockHashKeys.length, blocks.length);
    if (to <= from) return;
    this.pool.cacheFullBlocks(blocks, request.blockHashKeys, from, to);
    this.numCachedBlocks.set(request.id, to);
  }

  /** Tokens of the request held in cached (full, hashed) blocks. */
  numCachedTokens(request: CacheRequest): number {
    return (this.numCachedBlocks.get(request.id) ?? 0) * this.blockSize;
  }

  /** Frees the request's blocks, tail first, so the end of its chain is evicted before the start. */
  free(request: CacheRequest): void {
    const blocks = this.requestBlocks.get(request.id);
    this.requestBlocks.delete(request.id);
    this.numCachedBlocks.delete(request.id);
    if (blocks !== undefined) this.pool.freeBlocks([...blocks].reverse());
  }

  /** An empty pool, as after a restart: every block free, no hash cached, no request holding any. */
  reset(): void {
    this.requestBlocks.clear();
    this.numCachedBlocks.clear();
    const { numGpuBlocks, enableCaching, prependUncached } = this.config;
    this.pool = new BlockPool(numGpuBlocks, enableCaching, prependUncached ?? true);
  }

  /** Takes the stats gathered since the last call (vLLM `make_prefix_cache_stats`). */
  takeStats(): PrefixCacheStats {
    const taken = { ...this.stats };
    Object.assign(this.stats, emptyStats());
    return taken;
  }
}

function emptyStats(): PrefixCacheStats {
  return { requests: 0, queries: 0, hits: 0, preemptedRequests: 0, preemptedQueries: 0, preemptedHits: 0 };
}
