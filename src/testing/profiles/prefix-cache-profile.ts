import type { PrefixCachingHashAlgo } from '../engine/prefix-cache/block-hash';

/** How one vLLM release does automatic prefix caching, as far as the emulator models it. */
export interface PrefixCacheProfile {
  /** `--prefix-caching-hash-algo` choices, the default first. */
  readonly hashAlgorithms: readonly PrefixCachingHashAlgo[];
  /** `--block-size` choices (argparse), or `undefined` for any integer > 0 (#35122, 2026-03). */
  readonly blockSizes: readonly number[] | undefined;
  /** Names of the lookup counters, in the order `/metrics` lists them (`gpu_prefix_cache_*` until hidden by #24245). */
  readonly queryMetrics: readonly string[];
  readonly hitMetrics: readonly string[];
  /** `vllm:external_prefix_cache_{queries,hits}` (KV connector; #26245, 2025-10-23). */
  readonly externalMetrics: boolean;
  /** `vllm:mm_cache_{queries,hits}` (#26285, 2025-10-10). */
  readonly multimodalMetrics: boolean;
  /** `vllm:prompt_tokens_cached` and `vllm:prompt_tokens_by_source{source}` (#33290, 2026-02-04). */
  readonly promptTokenSourceMetrics: boolean;
  /** `prompt_tokens_details` also when 0 tokens were cached (#44383, 2026-06-12); before, only when > 0. */
  readonly zeroCachedTokensDetails: boolean;
  /** Chat `prompt_tokens_details.created_cache_tokens` (#48535, 2026-07-18). */
  readonly createdCacheTokens: boolean;
  /** A lookup counts once, when the request is admitted (#48860, 2026-07-21); before, on every scheduling try. */
  readonly statsAtAdmission: boolean;
  /** Startup fails when `--num-gpu-blocks-override` blocks cannot hold `--max-model-len` tokens (#41069, 2026-04-28). */
  readonly poolMustFitMaxModelLen: boolean;
  /** Freed uncached blocks are reused first (#43447, 2026-06-04); before, every freed block was appended. */
  readonly reuseUncachedFirst: boolean;
}

const BLOCK_SIZES_0_10 = [1, 8, 16, 32, 64, 128];

/** vLLM 0.10.0 (tag read from source): deprecated `gpu_prefix_cache_*` still shown next to the new names. */
export const PREFIX_CACHE_0_10: PrefixCacheProfile = {
  hashAlgorithms: ['builtin', 'sha256', 'sha256_cbor_64bit'],
  blockSizes: BLOCK_SIZES_0_10,
  queryMetrics: ['vllm:gpu_prefix_cache_queries', 'vllm:prefix_cache_queries'],
  hitMetrics: ['vllm:gpu_prefix_cache_hits', 'vllm:prefix_cache_hits'],
  externalMetrics: false,
  multimodalMetrics: false,
  promptTokenSourceMetrics: false,
  zeroCachedTokensDetails: false,
  createdCacheTokens: false,
  statsAtAdmission: false,
  poolMustFitMaxModelLen: false,
  reuseUncachedFirst: false,
};

/**
 * 0.11 (= 0.11.2, cut from main ≈ 2025-11-15): sha256 default (#23673, 2025-09-09); `gpu_prefix_cache_*`
 * hidden (#24245, 2025-09-16); block size 256 (#26883); external and multimodal cache counters.
 */
export const PREFIX_CACHE_0_11: PrefixCacheProfile = {
  ...PREFIX_CACHE_0_10,
  hashAlgorithms: ['sha256', 'sha256_cbor'],
  blockSizes: [...BLOCK_SIZES_0_10, 256],
  queryMetrics: ['vllm:prefix_cache_queries'],
  hitMetrics: ['vllm:prefix_cache_hits'],
  externalMetrics: true,
  multimodalMetrics: true,
};

/** 0.12 (branch cut 2025-12-02): as 0.11.2. */
export const PREFIX_CACHE_0_12: PrefixCacheProfile = PREFIX_CACHE_0_11;

/** 0.13: xxHash algorithms (#29163, 2025-12-04). */
export const PREFIX_CACHE_0_13: PrefixCacheProfile = {
  ...PREFIX_CACHE_0_12,
  hashAlgorithms: ['sha256', 'sha256_cbor', 'xxhash', 'xxhash_cbor'],
};

/** main @ 017e9f4448 (2026-08-17). */
export const PREFIX_CACHE_LATEST: PrefixCacheProfile = {
  ...PREFIX_CACHE_0_13,
  blockSizes: undefined,
  promptTokenSourceMetrics: true,
  zeroCachedTokensDetails: true,
  createdCacheTokens: true,
  statsAtAdmission: true,
  poolMustFitMaxModelLen: true,
  reuseUncachedFirst: true,
};
