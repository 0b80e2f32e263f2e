import { type LanguageModelV4FilePart, UnsupportedFunctionalityError } from '@ai-sdk/provider';
import {
  convertBase64ToUint8Array,
  convertToBase64,
  getTopLevelMediaType,
  resolveFullMediaType,
} from '@ai-sdk/provider-utils';
import type { VllmChatContentPart } from './vllm-chat-messages';

// The one place where an AI SDK file part of a user message becomes a vLLM content part. vLLM's
// chat endpoint reads `image_url`, `video_url` and `input_audio` parts (URLs are fetched by the
// server, bytes travel as data URLs / base64); text files are sent as text.

/** wav and mp3 are the formats of OpenAI's `input_audio` part, which vLLM reads. */
const AUDIO_FORMATS: Readonly<Record<string, 'wav' | 'mp3'>> = {
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/wave': 'wav',
  'audio/mp3': 'mp3',
  'audio/mpeg': 'mp3',
};

function dataURL(part: LanguageModelV4FilePart & { data: { type: 'data' } }): string {
  return `data:${resolveFullMediaType({ part })};base64,${convertToBase64(part.data.data)}`;
}

function unsupported(part: LanguageModelV4FilePart, why: string): never {
  throw new UnsupportedFunctionalityError({
    functionality: `file part with media type "${part.mediaType}" (${why})`,
    message:
      `vLLM chat models take images (image_url), videos (video_url), wav/mp3 audio as bytes (input_audio) ` +
      `and text files; a file part with media type "${part.mediaType}" cannot be sent: ${why}.`,
  });
}

/** Maps a file part of a user message to the vLLM content part that carries it. */
export function convertVllmFilePart(part: LanguageModelV4FilePart): VllmChatContentPart {
  const data = part.data;
  if (data.type === 'reference') return unsupported(part, 'vLLM has no file store to reference');
  const topLevel = getTopLevelMediaType(part.mediaType);
  if (data.type === 'text') {
    if (topLevel === 'text') return { type: 'text', text: data.text };
    return unsupported(part, 'inline text is only accepted for text/* media types');
  }
  switch (topLevel) {
    case 'image':
      return {
        type: 'image_url',
        image_url: { url: data.type === 'url' ? data.url.toString() : dataURL({ ...part, data }) },
      };
    case 'video':
      return {
        type: 'video_url',
        video_url: { url: data.type === 'url' ? data.url.toString() : dataURL({ ...part, data }) },
      };
    case 'audio': {
      if (data.type === 'url') return unsupported(part, 'audio must be passed as bytes, not as a URL');
      const format = AUDIO_FORMATS[resolveFullMediaType({ part })];
      if (format === undefined) return unsupported(part, 'only wav and mp3 audio is accepted');
      return { type: 'input_audio', input_audio: { data: convertToBase64(data.data), format } };
    }
    case 'text': {
      if (data.type === 'url') return { type: 'text', text: data.url.toString() };
      const bytes = typeof data.data === 'string' ? convertBase64ToUint8Array(data.data) : data.data;
      return { type: 'text', text: new TextDecoder().decode(bytes) };
    }
    default:
      return unsupported(part, 'not an image, video, audio or text file');
  }
}
