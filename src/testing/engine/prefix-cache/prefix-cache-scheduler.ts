import type { PrefixCacheProfile } from '../../profiles/prefix-cache-profile';
import {
  appendOutputTokens,
  type CacheRequest,
  type CacheRequestFields,
  createCacheRequest,
  type MultimodalFeature,
  type PromptBlockHashes,
  promptBlockHashes,
  type RequestBlockHasher,
} from './cache-request';
import type { KvCacheManager } from './kv-cache-manager';

/** One prompt of a job and the output token ids of each of its sequences (`n`). */
export interface CachePrompt {
  readonly promptIds: readonly number[];
  readonly outputs: ReadonlyArray<readonly number[]>;
}

/** What prefix caching needs to know of a job (one HTTP request). */
export interface CacheJob {
  readonly prompts: readonly CachePrompt[];
  /** LoRA adapter name: its blocks never match the base model's (vLLM hashes it into every block). */
  readonly loraName?: string;
  /** `cache_salt`: only requests with the same salt share cached blocks. */
  readonly cacheSalt?: string;
  /** Multimodal placeholders of the (single) prompt, with their content hashes. */
  readonly multimodal?: readonly MultimodalFeature[];
  /** The request asks for `prompt_logprobs`: vLLM skips the cache lookup (and its stats). */
  readonly skipReadingPrefixCache?: boolean;
}

/** A job admitted into the KV cache. */
export interface CacheAdmission {
  /** Cached prompt tokens per prompt (of its first sequence), vLLM's `num_cached_tokens`. */
  readonly cachedTokens: readonly number[];
  /** Prompt tokens per prompt newly written to the prefix cache (`num_cache_creation_tokens`). */
  readonly createdTokens: readonly number[];
  /** Prompt tokens to compute over every sequence: the prefill work. */
  readonly computeTokens: number;
  /** Prompt tokens found in the cache over every sequence. */
  readonly hitTokens: number;
  /** Prompt tokens over every sequence. */
  readonly promptTokens: number;
  readonly children: ReadonlyArray<{ request: CacheRequest; prompt: CachePrompt; output: readonly number[] }>;
}

let nextRequestId = 0;

/**
 * Admits jobs into the KV-cache block pool as vLLM's scheduler does for a new request: look up the
 * cached prefix of each sequence (vLLM runs `n` sequences as child requests: the first caches the
 * prompt's blocks, the others hit them), allocate blocks for the whole sequence, cache the prompt's
 * full blocks; at the end cache the generated blocks and free everything (tail first). Unlike vLLM
 * the whole sequence is reserved at admission, so the emulator never preempts.
 */
export class PrefixCacheScheduler {
  /** Each prompt's block hashes, computed on its first admission try and shared by its `n` sequences and later tries. */
  private readonly promptHashes = new WeakMap<CachePrompt, PromptBlockHashes>();

  /** @param hasher `undefined` with prefix caching off: vLLM then hashes no block. */
  constructor(
    readonly manager: KvCacheManager,
    private readonly hasher: RequestBlockHasher | undefined,
    private readonly profile: PrefixCacheProfile,
  ) {}

  /**
   * Admits the job, or returns `undefined` (nothing held) when the free blocks do not suffice. With
   * `force` (nothing else runs) a job too large for the whole pool runs without the cache.
   */
  tryAdmit(job: CacheJob, force: boolean): CacheAdmission | undefined {
    const children = job.prompts.flatMap((prompt) => {
      const fields: CacheRequestFields = {
        id: '',
        promptIds: prompt.promptIds,
        loraName: job.loraName,
        cacheSalt: job.cacheSalt,
        multimodal: job.multimodal,
        skipReadingPrefixCache: job.skipReadingPrefixCache,
      };
      const promptHashes = this.hashesOf(prompt, fields);
      return prompt.outputs.map((output) => ({
        request: createCacheRequest(this.hasher, {
          ...fields,
          id: `emulated-${nextRequestId++}`,
          promptHashes,
        }),
        prompt,
        output,
      }));
    });
    const { manager } = this;
    const hits: number[] = [];
    for (const [index, child] of children.entries()) {
      const computed = manager.getComputedBlocks(child.request);
      // Before #48860 a lookup was counted on every scheduling try, admitted or not.
      if (!this.profile.statsAtAdmission)
        manager.recordPrefixCacheStats(child.request, computed.numComputedTokens);
      const newTokens = child.prompt.promptIds.length - computed.numComputedTokens + child.output.length;
      if (manager.allocateSlots(child.request, newTokens, computed) === undefined) {
        for (const admitted of children.slice(0, index)) manager.free(admitted.request);
        return force ? uncachedAdmission(job) : undefined;
      }
      hits.push(computed.numComputedTokens);
    }
    if (this.profile.statsAtAdmission) {
      for (const [index, child] of children.entries())
        manager.recordPrefixCacheStats(child.request, hits[index]);
    }
    const firstChild = new Map<CachePrompt, number>();
    children.forEach((child, index) => {
      if (!firstChild.has(child.prompt)) firstChild.set(child.prompt, index);
    });
    const cachedTokens = job.prompts.map((prompt) => hits[firstChild.get(prompt) ?? -1] ?? 0);
    const createdTokens = job.prompts.map((prompt, index) => {
      const child = children[firstChild.get(prompt) ?? -1];
      if (child === undefined) return 0;
      const cached = Math.min(manager.numCachedTokens(child.request), prompt.promptIds.length);
      return Math.max(0, cached - cachedTokens[index]);
    });
    const hitTokens = hits.reduce((sum, value) => sum + value, 0);
    const promptTokens = children.reduce((sum, child) => sum + child.prompt.promptIds.length, 0);
    for (const child of children) child.request.numComputedTokens = child.prompt.promptIds.length;
    return {
      cachedTokens,
      createdTokens,
      computeTokens: promptTokens - hitTokens,
      hitTokens,
      promptTokens,
      children,
    };
  }

  /** The prompt's block hashes (the job's cache keys in `fields`), hashed on first use. */
  private hashesOf(prompt: CachePrompt, fields: CacheRequestFields): PromptBlockHashes | undefined {
    if (this.hasher === undefined) return undefined;
    let hashes = this.promptHashes.get(prompt);
    if (hashes === undefined) {
      hashes = promptBlockHashes(this.hasher, fields);
      this.promptHashes.set(prompt, hashes);
    }
    return hashes;
  }

  /**
   * The job ended after `generated` engine steps: caches the full blocks of the tokens computed (the
   * last sampled token never is) and frees every block, tail first.
   */
  finish(admission: CacheAdmission, generated: number): void {
    for (const { request, prompt, output } of admission.children) {
      const tokens = output.slice(0, generated);
      appendOutputTokens(this.hasher, request, tokens);
      this.manager.cacheBlocks(request, prompt.promptIds.length + Math.max(0, tokens.length - 1));
      this.manager.free(request);
    }
  }
}

function uncachedAdmission(job: CacheJob): CacheAdmission {
  const promptTokens = job.prompts.reduce(
    (sum, prompt) => sum + prompt.promptIds.length * prompt.outputs.length,
    0,
  );
  return {
    cachedTokens: job.prompts.map(() => 0),
    createdTokens: job.prompts.map(() => 0),
    computeTokens: promptTokens,
    hitTokens: 0,
    promptTokens,
    children: [],
  };
}
