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
