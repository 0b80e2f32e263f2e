import type { BlockHash } from './block-hash';
import { FreeBlockQueue } from './free-block-queue';
import { KvCacheBlock } from './kv-cache-block';

/** The map key of a block hash. */
export function blockHashKey(hash: BlockHash): string {
  return Buffer.from(hash.buffer, hash.byteOffset, hash.byteLength).toString('latin1');
}

/**
 * vLLM's `BlockPool` (`vllm/v1/core/block_pool.py`) for one full-attention KV-cache group: a fixed
 * number of blocks (block 0 is the reserved null block), a free queue in LRU order, and the map
 * from block hash to cached blocks. Free blocks keep their hash until they are reused (evicted), so
 * a later request with the same prefix can still hit them.
 */
export class BlockPool {
  readonly blocks: KvCacheBlock[];
  private readonly freeQueue: FreeBlockQueue;
  private cached = new Map<string, Map<number, KvCacheBlock>>();

  /**
   * @param prependUncached put freed blocks without a hash at the front of the free queue (vLLM since
   *   #43447, 2026-06); before, every freed block was appended.
   */
  constructor(
    readonly numGpuBlocks: number,
    readonly enableCaching: boolean,
    private readonly prependUncached = true,
  ) {
    if (!Number.isInteger(numGpuBlocks) || numGpuBlocks < 2) {
      throw new RangeError(`the KV cache needs at least 2 blocks (one is reserved), got ${numGpuBlocks}`);
    }
    this.blocks = Array.from({ length: numGpuBlocks }, (_, id) => new KvCacheBlock(id, id === 0));
    this.freeQueue = new FreeBlockQueue(this.blocks.slice(1));
  }

  get numFreeBlocks(): number {
    return this.freeQueue.length;
  }

  /** Blocks in use, as vLLM's `kv_cache_usage_perc` reports it (the null block not counted). */
  get usage(): number {
    return 1 - this.freeQueue.length / (this.numGpuBlocks - 1);
  }

  /** Block ids of the free queue, in eviction order (vLLM `get_all_free_blocks`). */
  freeBlockIds(): number[] {
    return this.freeQueue.ids();
  }

  /** A cached block with this hash (the first one if several requests computed the same block). */
  getCachedBlock(hashKey: string): KvCacheBlock | undefined {
    const blocks = this.cached.get(hashKey);
    if (blocks === undefined) return undefined;
    for (const block of blocks.values()) return block;
    return undefined;
  }

  /** Marks `blocks[from..to)` (now full) as cached under the request's block hashes. */
  cacheFullBlocks(
    blocks: readonly KvCacheBlock[],
    hashKeys: readonly string[],
    from: number,
    to: number,
  ): void {
    for (let index = from; index < to; index++) {
      const block = blocks[index];
      if (block.isNull || block.hashKey !== undefined) continue;
      const key = hashKeys[index];
      block.hashKey = key;
      let entry = this.cached.get(key);
      if (entry === undefined) {
        entry = new Map();
        this.cached.set(key, entry);
      }
      entry.set(block.id, block);
    }
  }

  /** Takes `count` blocks from the head of the free queue, evicting their cached hashes. */
  getNewBlocks(count: number): KvCacheBlock[] {
    if (count > this.freeQueue.length) throw new Error(`Cannot get ${count} free blocks from the pool`);
    const blocks: KvCacheBlock[] = [];
    for (let index = 0; index < count; index++) {
      const block = this.freeQueue.popLeft();
      this.evict(block);
      block.refCount = 1;
      blocks.push(block);
    }
    return blocks;
  }

  /** A prefix-cache hit: one more user of each block; free ones leave the free queue. */
  touch(blocks: readonly KvCacheBlock[]): void {
    for (const block of blocks) {
      if (block.refCount === 0 && !block.isNull) this.freeQueue.remove(block);
      block.refCount++;
    }
  }

  /**
   * Releases blocks given in eviction order. Cached ones go to the back of the free queue, so the
   * least recently used cached block is evicted first; uncached ones to the front (reused first).
   */
  freeBlocks(ordered: readonly KvCacheBlock[]): void {
    const first: KvCacheBlock[] = [];
    const last: KvCacheBlock[] = [];
    for (const block of ordered) {
      block.refCount--;
      if (block.refCount === 0 && !block.isNull) {
        const reuseFirst = this.prependUncached && (block.hashKey === undefined || !this.enableCaching);
        (reuseFirst ? first : last).push(block);
      }
    }
    this.freeQueue.prepend(first);
    for (const block of last) this.freeQueue.append(block);
  }

  /** Drops every cached hash; refused (false) while any block is in use (vLLM `reset_prefix_cache`). */
  resetPrefixCache(): boolean {
    if (this.freeQueue.length !== this.numGpuBlocks - 1) return false;
    this.cached = new Map();
    for (const block of this.blocks) block.hashKey = undefined;
    return true;
  }

  private evict(block: KvCacheBlock): void {
    const key = block.hashKey;
    if (key === undefined) return;
    block.hashKey = undefined;
    const entry = this.cached.get(key);
    entry?.delete(block.id);
    if (entry?.size === 0) this.cached.delete(key);
  }
}
