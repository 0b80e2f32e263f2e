/** An http(s) URL (the SDK matches lower-cased URLs from their start). */
const HTTP_URL = /^https?:\/\/.+$/;

/**
 * The URLs vLLM fetches itself: http(s) images, videos and audio are passed to the server untouched
 * (the AI SDK downloads and inlines every other URL). The server must reach the host; a server started
 * with `--allowed-media-domains` fetches only from those hosts, and `VLLM_MEDIA_URL_ALLOW_REDIRECTS=0`
 * stops it following redirects. `file://` URLs are not passed through (vLLM reads them only below its
 * `--allowed-local-media-path`, which the client cannot know): send the bytes instead.
 */
export const VLLM_SUPPORTED_URLS: Readonly<Record<string, RegExp[]>> = Object.freeze({
  'image/*': [HTTP_URL],
  'video/*': [HTTP_URL],
  'audio/*': [HTTP_URL],
});
