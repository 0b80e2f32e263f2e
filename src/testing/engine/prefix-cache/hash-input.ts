/**
 * The Python values a block hash is computed over: `(parent_hash: bytes, token_ids: tuple[int, ...],
 * extra_keys: tuple | None)` (vLLM `hash_block_tokens`). Tuples are arrays, `bytes` are `Uint8Array`s.
 */
export type HashInput = Uint8Array | number | string | null | readonly HashInput[];
