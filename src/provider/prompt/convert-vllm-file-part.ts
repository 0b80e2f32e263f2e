import {
  InvalidArgumentError,
  type LanguageModelV4FilePart,
  type SharedV4Warning,
  UnsupportedFunctionalityError,
} from '@ai-sdk/provider';
import {
  convertBase64ToUint8Array,
  convertToBase64,
  getTopLevelMediaType,
  resolveFullMediaType,
} from '@ai-sdk/provider-utils';
import { z } from 'zod/v4';

// Pure: imports nothing of src/ (the server's release comes in as `uuidSupport`), so every message
// converter can use it.

/** The modalities of vLLM's chat media parts (the keys of `--limit-mm-per-prompt`). */
export type VllmMediaModality = 'image' | 'audio' | 'video';

/** A user-message content part as vLLM's chat endpoint takes it. */
export type VllmUserContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string }; uuid?: string }
  | { type: 'video_url'; video_url: { url: string }; uuid?: string }
  | { type: 'audio_url'; audio_url: { url: string }; uuid?: string }
  | { type: 'input_audio'; input_audio: { data: string; format: 'wav' | 'mp3' }; uuid?: string };

/** Per-part options: `providerOptions.vllm` on a file part. */
const filePartOptionsSchema = z.object({
  /**
   * Your id for this media item (vLLM's per-part `uuid`, vLLM ≥ 0.11): vLLM's multimodal caches key
   * the item by it instead of hashing the bytes. Must be unique per distinct media.
   */
  uuid: z.string().min(1).optional(),
  /**
   * OpenAI's image detail. vLLM accepts only `auto` and ignores the rest (the model's processor
   * decides the resolution; set it with `mmProcessorKwargs`, e.g. `max_pixels`): not sent.
   */
  detail: z.enum(['auto', 'low', 'high']).optional(),
});

/** Per-part vLLM options of a file part (`providerOptions.vllm` on the part). */
export type VllmFilePartOptions = z.infer<typeof filePartOptionsSchema>;

/** Where the part sits, how to read its options, and what the server's release takes. */
export interface VllmFilePartContext {
  /** The part's place in the prompt for messages, e.g. `messages[2].content[1]`. */
  location: string;
  /** The `providerOptions` key of this provider (`vllm` by default). */
  providerOptionsKey: string;
  /**
   * Whether the server's release reads a per-part `uuid`: `true`, or why not (for the warning).
   * Called only for parts that set one, so the version is consulted only then.
   */
  uuidSupport: () => true | string;
  /** Warnings of the call (appended to). */
  warnings: SharedV4Warning[];
}

const WAV_TYPES = new Set(['audio/wav', 'audio/x-wav', 'audio/wave', 'audio/vnd.wave']);
const MP3_TYPES = new Set(['audio/mpeg', 'audio/mp3', 'audio/mpeg3', 'audio/x-mpeg-3']);

/** Media types no vLLM media loader decodes (PIL has no SVG reader). */
const UNDECODABLE = new Set(['image/svg+xml']);

function unsupported(location: string, mediaType: string, message: string): UnsupportedFunctionalityError {
  return new UnsupportedFunctionalityError({
    functionality: `file part ${mediaType}`,
    message: `${location} (file, ${mediaType}): ${message}`,
  });
}

function dataURL(mediaType: string, data: Uint8Array | string): string {
  return `data:${mediaType};base64,${convertToBase64(data)}`;
}

function fullMediaType(part: LanguageModelV4FilePart, location: string): string {
  try {
    return resolveFullMediaType({ part });
  } catch {
    throw new UnsupportedFunctionalityError({
      functionality: `file part ${part.mediaType}`,
      message: `${location} (file, ${part.mediaType}): the media type has no subtype and the bytes do not reveal it; pass a full media type such as image/png.`,
    });
  }
}

function readPartOptions(part: LanguageModelV4FilePart, context: VllmFilePartContext): VllmFilePartOptions {
  const raw = part.providerOptions?.[context.providerOptionsKey];
  if (raw == null) return {};
  const result = filePartOptionsSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues
      .map(
        (issue) => `${[context.providerOptionsKey, ...issue.path.map(String)].join('.')}: ${issue.message}`,
      )
      .join('; ');
    throw new InvalidArgumentError({
      argument: `${context.location}.providerOptions.${context.providerOptionsKey}`,
      message: `Invalid providerOptions on ${context.location}: ${problems}. Per-part options are uuid (string) and detail.`,
      cause: result.error,
    });
  }
  return result.data;
}

/** Adds the per-part `uuid` when the server's release reads it (else a warning). */
function withUuid<PART extends Exclude<VllmUserContentPart, { type: 'text' }>>(
  content: PART,
  options: VllmFilePartOptions,
  context: VllmFilePartContext,
): PART {
  if (options.uuid === undefined) return content;
  const support = context.uuidSupport();
  if (support !== true) {
    context.warnings.push({
      type: 'unsupported',
      feature: `${context.location}.providerOptions.${context.providerOptionsKey}.uuid`,
      details: `Not sent: ${support}`,
    });
    return content;
  }
  return { ...content, uuid: options.uuid };
}

/**
 * Maps one AI SDK file part of a user message to the content part vLLM's chat endpoint takes:
 *
 * - `image/*` → `image_url` (the URL as is — vLLM fetches it —, bytes as a `data:` URL);
 * - `video/*` → `video_url` (the same);
 * - `audio/*` → `audio_url` for URLs; bytes as `input_audio` (`wav`, `mp3`) or an `audio_url` data URL
 *   (any other format vLLM's audio loader decodes: flac, ogg, webm, m4a …);
 * - `text/*` → a text part.
 *
 * Throws, naming the part and the fix, for what vLLM cannot take: PDFs and other documents (vLLM's
 * chat API has no `file` part), provider file references (vLLM stores no files), SVG.
 */
export function convertVllmFilePart(
  part: LanguageModelV4FilePart,
  context: VllmFilePartContext,
): VllmUserContentPart {
  const { location } = context;
  const topLevel = getTopLevelMediaType(part.mediaType);
  const options = readPartOptions(part, context);
  const data = part.data;

  if (data.type === 'reference') {
    throw unsupported(
      location,
      part.mediaType,
      'vLLM has no file storage, so provider file references cannot be sent. Pass the bytes or an http(s) URL.',
    );
  }
  if (topLevel === 'text') {
    const text =
      data.type === 'text'
        ? data.text
        : data.type === 'url'
          ? data.url.toString()
          : new TextDecoder().decode(
              typeof data.data === 'string' ? convertBase64ToUint8Array(data.data) : data.data,
            );
    return { type: 'text', text };
  }
  if (data.type === 'text') {
    throw unsupported(location, part.mediaType, 'inline text is only valid for text/* media types.');
  }
  if (topLevel !== 'image' && topLevel !== 'video' && topLevel !== 'audio') {
    const what = part.mediaType === 'application/pdf' ? 'PDFs' : `${part.mediaType} files`;
    throw unsupported(
      location,
      part.mediaType,
      `vLLM's chat API takes images, video and audio, not ${what} (it refuses the "file" content part). ` +
        'Send the pages as images (image/png), or extract the text and send it as text.',
    );
  }
  if (options.detail !== undefined && options.detail !== 'auto') {
    context.warnings.push({
      type: 'unsupported',
      feature: `${location}.providerOptions.${context.providerOptionsKey}.detail`,
      details:
        'vLLM ignores image detail (only "auto"); the model\'s processor sets the resolution — use mmProcessorKwargs (e.g. max_pixels) instead.',
    });
  }

  if (data.type === 'url') {
    const url = data.originalUrl ?? data.url.href;
    switch (topLevel) {
      case 'image':
        return withUuid({ type: 'image_url', image_url: { url } }, options, context);
      case 'video':
        return withUuid({ type: 'video_url', video_url: { url } }, options, context);
      case 'audio':
        return withUuid({ type: 'audio_url', audio_url: { url } }, options, context);
    }
  }

  const mediaType = fullMediaType(part, location);
  if (UNDECODABLE.has(mediaType)) {
    throw unsupported(
      location,
      mediaType,
      "vLLM's image loader (PIL) cannot decode SVG; rasterize it to PNG first.",
    );
  }
  switch (topLevel) {
    case 'image':
      return withUuid(
        { type: 'image_url', image_url: { url: dataURL(mediaType, data.data) } },
        options,
        context,
      );
    case 'video':
      return withUuid(
        { type: 'video_url', video_url: { url: dataURL(mediaType, data.data) } },
        options,
        context,
      );
    case 'audio': {
      const format = WAV_TYPES.has(mediaType) ? 'wav' : MP3_TYPES.has(mediaType) ? 'mp3' : undefined;
      const content: VllmUserContentPart =
        format !== undefined
          ? { type: 'input_audio', input_audio: { data: convertToBase64(data.data), format } }
          : { type: 'audio_url', audio_url: { url: dataURL(mediaType, data.data) } };
      return withUuid(content, options, context);
    }
  }
}
