/**
 * `--allowed-media-domains host1 host2` (vLLM ≥ 0.11.0: #25783, merged 2025-09-26, the fix of
 * CVE-2025-6242): vLLM's `MediaConnector` refuses an http(s) media URL whose hostname is not in the
 * list. Source: `MediaConnector._assert_url_in_allowed_media_domains`, called first in
 * `load_from_url` / `load_from_url_async` — `vllm/multimodal/utils.py` in 0.11–0.13, then
 * `vllm/multimodal/media/connector.py` (read at vllm-project/vllm@02ba96d7874fea5610b3e2ccf22a95e27fc31aba):
 *
 * - only URLs whose scheme starts with `http` are checked; `data:` URLs (bytes, `input_audio`) and
 *   `file:` URLs (`--allowed-local-media-path`) never are; an empty or absent list checks nothing;
 * - the hostname must equal a listed entry exactly (no subdomains, no wildcards); the message is
 *   `The URL must be from one of the allowed domains: ['a.com', 'b.com']. Input URL domain: x.org`
 *   (the list's Python repr), a ValueError → 400 `BadRequestError`, `param` null (the ` None`
 *   cause suffix before #32473, like every chat preprocessing error);
 * - the URLs are fetched (and checked) only after every part was parsed — `AsyncMultiModalItemTracker
 *   .resolve_items` awaits each modality's items in the order the modality first appeared — so the
 *   part-level refusals (not multimodal, over `--limit-mm-per-prompt`) come first.
 *
 * The emulator fetches nothing, so `VLLM_MEDIA_URL_ALLOW_REDIRECTS` (#26035, 0.11.0, default on:
 * redirect targets were not checked against the list until the per-hop validator of later mains)
 * has nothing to act on.
 */
import { pythonRepr } from '../http/python-repr';
import type { Modality } from './content-part-rules';

type Part = Record<string, unknown>;

/** The URL a media part asks vLLM to load (`image_url.url`, the simple `{"image_url": "…"}` form, `input_image`). */
export function mediaUrlOf(type: string, part: Part): string | undefined {
  const key = type === 'input_image' ? 'image_url' : type;
  if (key !== 'image_url' && key !== 'audio_url' && key !== 'video_url') return undefined;
  const value = part[key];
  if (typeof value === 'string') return value;
  const url = (value as { url?: unknown } | null | undefined)?.url;
  return typeof url === 'string' ? url : undefined;
}

/** The hostname vLLM checks, or `undefined` when the URL is not http(s) (or not a URL at all). */
function checkedHostname(url: string): string | undefined {
  if (url.slice(0, 5).toLowerCase() === 'data:') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  // urllib3's `parse_url(url).scheme.startswith("http")`: lower-cased, any scheme starting with http.
  return parsed.protocol.startsWith('http') ? parsed.hostname : undefined;
}

/**
 * vLLM's refusal text for the first media URL (modality by modality, in first-appearance order) whose
 * host is not allowed, or `undefined` when all pass or no list is set.
 */
export function disallowedMediaDomain(
  allowed: readonly string[],
  urlsByModality: ReadonlyMap<Modality, readonly string[]>,
): string | undefined {
  if (allowed.length === 0) return undefined;
  for (const urls of urlsByModality.values()) {
    for (const url of urls) {
      const hostname = checkedHostname(url);
      if (hostname !== undefined && !allowed.includes(hostname)) {
        return `The URL must be from one of the allowed domains: ${pythonRepr(allowed)}. Input URL domain: ${hostname}`;
      }
    }
  }
  return undefined;
}
