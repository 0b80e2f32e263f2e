import { formatVersionOrdinal, type VllmVersionOrdinal, versionOrdinal } from './vllm-request-fields';

// Which media a vLLM release takes in chat messages, read from `vllm/entrypoints/chat_utils.py`
// (git history of vLLM's main; release tags where the mirror has them). Every content-part type the
// provider sends is older than the oldest release it supports (v0.10.0), so only the per-part
// `uuid` depends on the server's version.

/**
 * Per-part `uuid` (a caller-chosen id for the media item, used by vLLM's multimodal caches instead of
 * hashing the bytes): #23449, merged 2025-09-08, two days before the inferred v0.10.2 cut, so the
 * first release certain to have it is 0.11 (older releases accept the key and ignore it).
 */
export const MEDIA_UUID_SINCE: VllmVersionOrdinal = versionOrdinal(0, 11);

/** Whether a release reads per-part media `uuid`s: `true`, or why not (for a warning). */
export function mediaUuidSupport(features: { version: string | undefined; ordinal: number }): true | string {
  if (features.ordinal >= MEDIA_UUID_SINCE) return true;
  return `vLLM ${features.version ?? formatVersionOrdinal(features.ordinal)} ignores per-part media uuids (vLLM ≥ ${formatVersionOrdinal(MEDIA_UUID_SINCE)}).`;
}
