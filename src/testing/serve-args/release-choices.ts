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

/** `vllm serve` flags (of vLLM main's table) a release's parser does not have: argparse refuses them. */
export function releaseMissingFlags(profile: VersionProfile): ReadonlySet<string> {
  const missing = new Set<string>();
  // #25783 (2025-09-26, v0.11.0) added ModelConfig.allowed_media_domains.
  if (!profile.contentParts.allowedMediaDomains) missing.add('--allowed-media-domains');
  return missing;
}
