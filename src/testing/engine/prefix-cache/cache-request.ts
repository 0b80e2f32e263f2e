import { type BlockHash, type HashFunction, hashBlockTokens } from './block-hash';
import { blockHashKey } from './block-pool';
import type { HashInput } from './hash-input';

/** A multimodal item inside the prompt: its content hash and the token range of its placeholder. */
export interface MultimodalFeature {
  readonly identifier: string;
  readonly offset: number;
  readonly length: number;
}

/** What the KV-cache manager knows of a request (vLLM `Request`, the parts prefix caching reads). */
export interface CacheRequest {
  readonly id: string;
  /** Prompt tokens, then output tokens as they are appended. */
  readonly tokenIds: number[];
  readonly numPromptTokens: number;
  /** Hashes of the full blocks of `tokenIds`, chained (vLLM `request.block_hashes`). */
  readonly blockHashes: BlockHash[];
  /** `blockHashes` as map keys. */
  readonly blockHashKeys: string[];
  /** Tokens whose KV is computed (or found in the cache). */
  numComputedTokens: number;
  numPreemptions: number;
  /** No cache lookup (vLLM: the request asks for `prompt_logprobs`). */
  readonly skipReadingPrefixCache: boolean;
  readonly loraName: string | undefined;
  readonly cacheSalt: string | undefined;
  readonly multimodal: readonly MultimodalFeature[];
}

/** How a request's block hashes are computed (vLLM `get_request_block_hasher`). */
export interface RequestBlockHasher {
  readonly blockSize: number;
  readonly hash: HashFunction;
  readonly noneHash: BlockHash;
}

/** The hashes of a prompt's full blocks, computed once and copied into every request on that prompt. */
export interface PromptBlockHashes {
  readonly hashes: readonly BlockHash[];
  readonly keys: readonly string[];
}

/** What a request is made of: its prompt and the cache keys hashed into its blocks. */
export interface CacheRequestFields {
  id: string;
  promptIds: readonly number[];
  skipReadingPrefixCache?: boolean;
  loraName?: string;
  cacheSalt?: string;
  multimodal?: readonly MultimodalFeature[];
  /** The prompt's block hashes, already computed for these same fields (see {@link promptBlockHashes}). */
  promptHashes?: PromptBlockHashes;
}

/**
 * A request for the KV-cache manager. Without a `hasher` (vLLM installs no block hasher with
 * `--no-enable-prefix-caching`) no block is hashed.
 */
export function createCacheRequest(
  hasher: RequestBlockHasher | undefined,
  fields: CacheRequestFields,
): CacheRequest {
  const request: CacheRequest = {
    id: fields.id,
    tokenIds: [...fields.promptIds],
    numPromptTokens: fields.promptIds.length,
    blockHashes: [...(fields.promptHashes?.hashes ?? [])],
    blockHashKeys: [...(fields.promptHashes?.keys ?? [])],
    numComputedTokens: 0,
    numPreemptions: 0,
    skipReadingPrefixCache: fields.skipReadingPrefixCache ?? false,
    loraName: fields.loraName || undefined,
    cacheSalt: fields.cacheSalt || undefined,
    multimodal: fields.multimodal ?? [],
  };
  if (hasher !== undefined) updateBlockHashes(hasher, request);
  return request;
}

/** The block hashes of the prompt of `fields`, to share among the requests on that prompt. */
export function promptBlockHashes(hasher: RequestBlockHasher, fields: CacheRequestFields): PromptBlockHashes {
  const request = createCacheRequest(hasher, fields);
  return { hashes: request.blockHashes, keys: request.blockHashKeys };
}

/** Appends output tokens (vLLM `append_output_token_ids`), hashing blocks they complete (with a hasher). */
export function appendOutputTokens(
  hasher: RequestBlockHasher | undefined,
  request: CacheRequest,
  ids: readonly number[],
): void {
  for (const id of ids) request.tokenIds.push(id);
  if (hasher !== undefined) updateBlockHashes(hasher, request);
}

/** Hashes the full blocks not hashed yet, each chained on the previous one. */
function updateBlockHashes(hasher: RequestBlockHasher, request: CacheRequest): void {
  const { blockSize } = hasher;
  let start = request.blockHashes.length * blockSize;
  let parent = request.blockHashes.at(-1);
  while (start + blockSize <= request.tokenIds.length) {
    const end = start + blockSize;
    const hash = hashBlockTokens(
      hasher.hash,
      hasher.noneHash,
      parent,
      request.tokenIds.slice(start, end),
      extraKeys(request, start, end),
    );
    request.blockHashes.push(hash);
    request.blockHashKeys.push(blockHashKey(hash));
    parent = hash;
    start = end;
  }
}

/**
 * vLLM's `generate_block_hash_extra_keys`: the LoRA name (every block), `(mm_hash, offset in block)`
 * for multimodal placeholders the block overlaps, and the `cache_salt` (first block only), in that
 * order; `undefined` when there are none.
 */
export function extraKeys(request: CacheRequest, start: number, end: number): HashInput[] | undefined {
  const keys: HashInput[] = [];
  if (request.loraName !== undefined) keys.push(request.loraName);
  for (const feature of request.multimodal) {
    if (end > feature.offset && start < feature.offset + feature.length) {
      keys.push([feature.identifier, feature.offset - start]);
    }
  }
  if (start === 0 && request.cacheSalt !== undefined) keys.push(request.cacheSalt);
  return keys.length > 0 ? keys : undefined;
}
