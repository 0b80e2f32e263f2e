import { pyFloat } from '../../generation/field-types';
import type { VersionProfile } from '../../version-profiles';
import type { PrefixCachingHashAlgo } from './block-hash';

/** vLLM's default `--block-size` on CUDA (`CacheConfig.DEFAULT_BLOCK_SIZE`; the platform default before #35122). */
export const DEFAULT_BLOCK_SIZE = 16;

/** KV-cache capacity the emulated GPU reports, in tokens (vLLM's Qwen3-0.6B startup log on an 80 GB GPU). */
export const EMULATED_KV_CACHE_TOKENS = 561_952;

/** KV-cache bytes per token of the emulated Qwen3-0.6B (28 layers × 8 KV heads × 128 dims × K,V × bf16). */
const KV_BYTES_PER_TOKEN = 28 * 8 * 128 * 2 * 2;

/**
 * vLLM's startup error (`_check_enough_kv_cache_memory`, with `--num-gpu-blocks-override` since
 * #41069) when the pool cannot hold one `--max-model-len` sequence, or `undefined` when it can.
 */
export function kvCachePoolError(
  profile: VersionProfile,
  numGpuBlocks: number,
  blockSize: number,
  maxModelLen: number,
): string | undefined {
  if (!profile.prefixCache.poolMustFitMaxModelLen || numGpuBlocks * blockSize >= maxModelLen)
    return undefined;
  const gib = (tokens: number) => pyFloat(Math.round(((tokens * KV_BYTES_PER_TOKEN) / 2 ** 30) * 100) / 100);
  const needed = Math.ceil(maxModelLen / blockSize) * blockSize;
  return (
    `ValueError: To serve at least one request with the model's max seq len (${maxModelLen}), (${gib(needed)} GiB KV cache is needed, which is larger than the available KV cache memory (${gib(numGpuBlocks * blockSize)} GiB). ` +
    `Based on the available memory, the estimated maximum model length is ${numGpuBlocks * blockSize}. ` +
    'Try increasing `gpu_memory_utilization` (which also controls CPU memory on the CPU backend) or decreasing `max_model_len` when initializing the engine. ' +
    'See https://docs.vllm.ai/en/latest/configuration/conserving_memory/ for more details.'
  );
}

/** The emulator's prefix-cache options, resolved. */
export interface ResolvedPrefixCacheOptions {
  readonly enabled: boolean;
  readonly blockSize: number;
  /** Blocks in the pool, the reserved null block included. */
  readonly numGpuBlocks: number;
  readonly hashAlgorithm: PrefixCachingHashAlgo;
  /** Whether `usage.prompt_tokens_details` is reported (`--enable-prompt-tokens-details`). */
  readonly promptTokensDetails: boolean;
}

/** What the options say (the emulator option names; each maps to the `vllm serve` flag in its doc). */
export interface PrefixCacheOptionsInput {
  enablePrefixCaching?: boolean;
  blockSize?: number;
  numGpuBlocks?: number;
  prefixCachingHashAlgo?: PrefixCachingHashAlgo;
  enablePromptTokensDetails?: boolean;
}

/**
 * Applies the version's defaults and checks: `--block-size` choices (a fixed list before #35122),
 * `--prefix-caching-hash-algo` choices, and (latest) the startup check that the KV pool holds one
 * `--max-model-len` sequence. Errors name the option and the flag.
 */
export function resolvePrefixCacheOptions(
  input: PrefixCacheOptionsInput,
  profile: VersionProfile,
  maxModelLen: number,
): ResolvedPrefixCacheOptions {
  const { prefixCache } = profile;
  const blockSize = input.blockSize ?? DEFAULT_BLOCK_SIZE;
  const allowed = prefixCache.blockSizes;
  if (
    !Number.isInteger(blockSize) ||
    blockSize < 1 ||
    (allowed !== undefined && !allowed.includes(blockSize))
  ) {
    throw new RangeError(
      `startVllmEmulator: option 'blockSize' (--block-size) must be ${allowed ? `one of ${allowed.join(', ')}` : 'an integer > 0'} for vLLM ${profile.version}, got ${String(blockSize)}.`,
    );
  }
  const hashAlgorithm = input.prefixCachingHashAlgo ?? prefixCache.hashAlgorithms[0];
  if (!prefixCache.hashAlgorithms.includes(hashAlgorithm)) {
    throw new RangeError(
      `startVllmEmulator: option 'prefixCachingHashAlgo' (--prefix-caching-hash-algo) must be one of ${prefixCache.hashAlgorithms.join(', ')} for vLLM ${profile.version}, got '${String(hashAlgorithm)}'.`,
    );
  }
  const numGpuBlocks = input.numGpuBlocks ?? Math.floor(EMULATED_KV_CACHE_TOKENS / blockSize);
  if (!Number.isInteger(numGpuBlocks) || numGpuBlocks < 2) {
    throw new RangeError(
      `startVllmEmulator: option 'numGpuBlocks' (--num-gpu-blocks-override) must be an integer >= 2 (one block is reserved), got ${String(numGpuBlocks)}.`,
    );
  }
  if (kvCachePoolError(profile, numGpuBlocks, blockSize, maxModelLen) !== undefined) {
    throw new RangeError(
      `startVllmEmulator: ${numGpuBlocks} KV-cache blocks of ${blockSize} tokens (numGpuBlocks, --num-gpu-blocks-override) cannot hold one request of maxModelLen ${maxModelLen} tokens; vLLM refuses to start ("To serve at least one request with the model's max seq len ..."). Raise numGpuBlocks to at least ${Math.ceil(maxModelLen / blockSize)} or lower maxModelLen (--max-model-len).`,
    );
  }
  return {
    enabled: input.enablePrefixCaching ?? true,
    blockSize,
    numGpuBlocks,
    hashAlgorithm,
    promptTokensDetails: input.enablePromptTokensDetails ?? false,
  };
}
