import { formatVersionOrdinal, type VllmVersionOrdinal, versionOrdinal } from './vllm-request-fields';

// Which media a vLLM release takes in chat messages, read from `vllm/entrypoints/chat_utils.py`
// (git history of vLLM's main; release tags where the mirror has them). Every content-part type the
// provider sends is older than the oldest release it supports (v0.10.0), so only the per-part
// `uuid` depends on the server's version.

/** The modalities of vLLM's chat media parts (the keys of `--limit-mm-per-prompt`). */
type VllmMediaModality = 'image' | 'audio' | 'video';

/** A chat content-part type the provider sends, and where it comes from. */
export interface VllmContentPartFact {
  /** The part's `type`. */
  readonly type: 'image_url' | 'video_url' | 'audio_url' | 'input_audio';
  readonly modality: VllmMediaModality;
  /** First vLLM release with the part (all predate v0.10.0, the oldest release the provider maps). */
  readonly since: string;
  /** The vLLM change that added it. */
  readonly source: string;
}

/** The content parts, for docs and tests (`image_url` is OpenAI's own type). */
export const VLLM_CONTENT_PART_FACTS: readonly VllmContentPartFact[] = [
  {
    type: 'image_url',
    modality: 'image',
    since: '0.5.0',
    source: 'OpenAI Vision API support #5237 (2024-06-07)',
  },
  { type: 'audio_url', modality: 'audio', since: '0.5.5', source: '#7446 (2024-08-13)' },
  { type: 'video_url', modality: 'video', since: '0.6.4', source: '#10020 (2024-11-08)' },
  { type: 'input_audio', modality: 'audio', since: '0.6.5', source: '#11027 (2024-12-17)' },
];

/**
 * Per-part `uuid` (a caller-chosen id for the media item, used by vLLM's multimodal caches instead of
 * hashing the bytes): #23449, merged 2025-09-08, two days before the inferred v0.10.2 cut, so the
 * first release certain to have it is 0.11 (older releases accept the key and ignore it).
 */
export const MEDIA_UUID_SINCE: VllmVersionOrdinal = versionOrdinal(0, 11);

/** `media_io_kwargs` per chat request (#34778); the provider's chat field table holds the gate. */
export const MEDIA_IO_KWARGS_SINCE = '0.19';

/** Whether a release reads per-part media `uuid`s: `true`, or why not (for a warning). */
export function mediaUuidSupport(features: { version: string | undefined; ordinal: number }): true | string {
  if (features.ordinal >= MEDIA_UUID_SINCE) return true;
  return `vLLM ${features.version ?? formatVersionOrdinal(features.ordinal)} ignores per-part media uuids (vLLM ≥ ${formatVersionOrdinal(MEDIA_UUID_SINCE)}).`;
}
