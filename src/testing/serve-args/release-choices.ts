import type { VersionProfile } from '../version-profiles';

/**
 * Flags whose accepted values differ by release (the flag table is vLLM main's): the prefix-cache
 * hash algorithms, and `--block-size`, a fixed choice list before #35122 (2026-03).
 */
export function releaseChoices(profile: VersionProfile): Record<string, ReadonlyArray<string | number>> {
  const choices: Record<string, ReadonlyArray<string | number>> = {
    '--prefix-caching-hash-algo': profile.prefixCache.hashAlgorithms,
  };
  if (profile.prefixCache.blockSizes !== undefined) choices['--block-size'] = profile.prefixCache.blockSizes;
  return choices;
}
