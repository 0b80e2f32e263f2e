import type { BlockHash } from './block-hash';

/** One KV-cache block (vLLM `KVCacheBlock`): its id, how many running requests use it, its hash once full and cached. */
export class KvCacheBlock {
  refCount = 0;
  /** The cached block's hash as a map key, or `undefined` (not full, not cached, or evicted). */
  hashKey: string | undefined;
  prev: KvCacheBlock | undefined;
  next: KvCacheBlock | undefined;

  constructor(
    readonly id: number,
    readonly isNull = false,
  ) {}
}

/** The map key of a block hash. */
export function blockHashKey(hash: BlockHash): string {
  return Buffer.from(hash.buffer, hash.byteOffset, hash.byteLength).toString('latin1');
}

/**
 * vLLM's `FreeKVCacheBlockQueue`: a doubly linked list of free blocks in eviction order (the head is
 * evicted first), with O(1) removal from the middle when a cached free block is hit again.
 */
class FreeBlockQueue {
  private readonly head = new KvCacheBlock(-1);
  private readonly tail = new KvCacheBlock(-1);
  length = 0;

  constructor(blocks: readonly KvCacheBlock[]) {
    this.head.next = this.tail;
    this.tail.prev = this.head;
    for (const block of blocks) this.append(block);
  }

  popLeft(): KvCacheBlock {
    const first = this.head.next;
    if (first === undefined || first === this.tail) throw new Error('No free blocks available');
    this.remove(first);
    return first;
  }

  remove(block: KvCacheBlock): void {
    const { prev, next } = block;
    if (prev === undefined || next === undefined) throw new Error(`block ${block.id} is not free`);
    prev.next = next;
    next.prev = prev;
    block.prev = block.next = undefined;
    this.length--;
  }

  append(block: KvCacheBlock): void {
    this.insertBefore(this.tail, block);
  }

  /** Puts `blocks` at the front, in order (vLLM `prepend_n`). */
  prepend(blocks: readonly KvCacheBlock[]): void {
    const first = this.head.next as KvCacheBlock;
    for (const block of blocks) this.insertBefore(first, block);
  }

  ids(): number[] {
    const ids: number[] = [];
    for (let block = this.head.next; block !== undefined && block !== this.tail; block = block.next) {
      ids.push(block.id);
    }
    return ids;
  }

  private insertBefore(anchor: KvCacheBlock, block: KvCacheBlock): void {
    const prev = anchor.prev as KvCacheBlock;
    prev.next = block;
    block.prev = prev;
    block.next = anchor;
    anchor.prev = block;
    this.length++;
  }
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
