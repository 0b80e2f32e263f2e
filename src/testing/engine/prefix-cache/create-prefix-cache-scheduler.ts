import type { VersionProfile } from '../../version-profiles';
import { hashFunction, noneHash } from './block-hash';
import { KvCacheManager } from './kv-cache-manager';
import type { ResolvedPrefixCacheOptions } from './prefix-cache-options';
import { PrefixCacheScheduler } from './prefix-cache-scheduler';

/** The KV-cache block pool and prefix cache of one emulated engine. */
export function createPrefixCacheScheduler(
  options: ResolvedPrefixCacheOptions,
  profile: VersionProfile,
  maxModelLen: number,
): PrefixCacheScheduler {
  const manager = new KvCacheManager({
    numGpuBlocks: options.numGpuBlocks,
    blockSize: options.blockSize,
    enableCaching: options.enabled,
    maxModelLen,
    prependUncached: profile.prefixCache.reuseUncachedFirst,
  });
  if (!options.enabled) return new PrefixCacheScheduler(manager, undefined, profile.prefixCache);
  const hash = hashFunction(options.hashAlgorithm);
  // vLLM seeds the first block's parent from PYTHONHASHSEED, else randomly (not observable here).
  const hasher = { blockSize: options.blockSize, hash, noneHash: noneHash(hash, undefined) };
  return new PrefixCacheScheduler(manager, hasher, profile.prefixCache);
}
