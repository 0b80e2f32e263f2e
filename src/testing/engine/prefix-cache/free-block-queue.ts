import { KvCacheBlock } from './kv-cache-block';

/**
 * vLLM's `FreeKVCacheBlockQueue`: a doubly linked list of free blocks in eviction order (the head is
 * evicted first), with O(1) removal from the middle when a cached free block is hit again.
 */
export class FreeBlockQueue {
  // Fake head and tail blocks (id -1) spare the list its edge cases, as in vLLM.
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
