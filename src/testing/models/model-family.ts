import type { Modality } from '../content/content-part-rules';

// What vLLM knows about a model from its architecture, for the model families the emulator serves:
// the architecture it resolves (`Resolved architecture: …`), its tasks (`Supported tasks: […]`, which
// decide the routes: vllm/v1/worker/gpu_model_runner.py `get_supported_generation_tasks`), the media
// it takes and how many per prompt (`supported_mm_limits`; `None` = unlimited), and for speech-to-text
// models their `SpeechToTextConfig` (vllm/model_executor/models/<model>.py `get_speech_to_text_config`).

/** A task vLLM serves for a model. */
export type ModelTask = 'generate' | 'transcription';

/** How a speech-to-text model handles audio (its `SpeechToTextConfig` and model class flags). */
export interface SpeechToTextProfile {
  /** `max_audio_clip_s`: longer audio is cut into chunks of this many seconds (when `chunking`). */
  readonly maxClipSeconds: number;
  /** `allow_audio_chunking` (`min_energy_split_window_size` set): split long audio at quiet points. */
  readonly chunking: boolean;
  /** `supports_segment_timestamp`: `verbose_json` works (Whisper); others get "Currently do not support verbose_json for …". */
  readonly segmentTimestamps: boolean;
  /** ISO-639-1 codes the model supports (`supported_languages`); others: "Unsupported language: …". */
  readonly languages: readonly string[];
}

/** One model family. */
export interface ModelFamily {
  readonly pattern: RegExp;
  /** The HF architecture vLLM resolves. */
  readonly architecture: string;
  readonly tasks: readonly ModelTask[];
  /** Media the model takes, with its own per-prompt limit (`undefined` = no limit of its own). */
  readonly media: Readonly<Partial<Record<Modality, number | undefined>>>;
  readonly speechToText?: SpeechToTextProfile;
}

// biome-ignore format: data table
const WHISPER_LANGUAGES = [
  'af', 'ar', 'hy', 'az', 'be', 'bs', 'bg', 'ca', 'zh', 'hr', 'cs', 'da', 'nl', 'en', 'et', 'fi', 'fr',
  'gl', 'de', 'el', 'he', 'hi', 'hu', 'is', 'id', 'it', 'ja', 'kn', 'kk', 'ko', 'lv', 'lt', 'mk', 'ms',
  'mr', 'mi', 'ne', 'no', 'fa', 'pl', 'pt', 'ro', 'ru', 'sr', 'sk', 'sl', 'es', 'sw', 'sv', 'tl', 'ta',
  'th', 'tr', 'uk', 'ur', 'vi', 'cy',
];

const VOXTRAL_LANGUAGES = ['en', 'es', 'fr', 'pt', 'hi', 'de', 'nl', 'it'];

/** Families in match order (first match wins); a model matching none is a text-only decoder. */
export const MODEL_FAMILIES: readonly ModelFamily[] = [
  {
    pattern: /whisper/i,
    architecture: 'WhisperForConditionalGeneration',
    tasks: ['transcription'],
    media: { audio: 1 },
    speechToText: {
      maxClipSeconds: 30,
      chunking: true,
      segmentTimestamps: true,
      languages: WHISPER_LANGUAGES,
    },
  },
  {
    pattern: /voxtral/i,
    architecture: 'VoxtralForConditionalGeneration',
    tasks: ['generate', 'transcription'],
    media: { audio: undefined },
    speechToText: {
      maxClipSeconds: 30,
      chunking: true,
      segmentTimestamps: false,
      languages: VOXTRAL_LANGUAGES,
    },
  },
  {
    pattern: /gemma-3n/i,
    architecture: 'Gemma3nForConditionalGeneration',
    tasks: ['generate', 'transcription'],
    media: { image: undefined, audio: undefined },
    speechToText: {
      maxClipSeconds: 30,
      chunking: false,
      segmentTimestamps: false,
      languages: WHISPER_LANGUAGES,
    },
  },
  {
    pattern: /qwen3-omni/i,
    architecture: 'Qwen3OmniMoeForConditionalGeneration',
    tasks: ['generate'],
    media: { image: undefined, audio: undefined, video: undefined },
  },
  {
    pattern: /qwen2\.5-omni/i,
    architecture: 'Qwen2_5OmniThinkerForConditionalGeneration',
    tasks: ['generate'],
    media: { image: undefined, audio: undefined, video: undefined },
  },
  {
    pattern: /qwen3-vl/i,
    architecture: 'Qwen3VLForConditionalGeneration',
    tasks: ['generate'],
    media: { image: undefined, video: undefined },
  },
  {
    pattern: /qwen2\.5-vl/i,
    architecture: 'Qwen2_5_VLForConditionalGeneration',
    tasks: ['generate'],
    media: { image: undefined, video: undefined },
  },
  {
    pattern: /qwen2-vl/i,
    architecture: 'Qwen2VLForConditionalGeneration',
    tasks: ['generate'],
    media: { image: undefined, video: undefined },
  },
  {
    pattern: /qwen2-audio/i,
    architecture: 'Qwen2AudioForConditionalGeneration',
    tasks: ['generate'],
    media: { audio: undefined },
  },
  {
    pattern: /llama-4/i,
    architecture: 'Llama4ForConditionalGeneration',
    tasks: ['generate'],
    media: { image: undefined },
  },
  {
    pattern: /gemma-3-(4b|12b|27b)/i,
    architecture: 'Gemma3ForConditionalGeneration',
    tasks: ['generate'],
    media: { image: undefined },
  },
  {
    pattern: /llava/i,
    architecture: 'LlavaForConditionalGeneration',
    tasks: ['generate'],
    media: { image: undefined },
  },
  {
    pattern: /pixtral/i,
    architecture: 'PixtralForConditionalGeneration',
    tasks: ['generate'],
    media: { image: undefined },
  },
  {
    pattern: /phi-4-multimodal/i,
    architecture: 'Phi4MMForCausalLM',
    tasks: ['generate'],
    media: { image: undefined, audio: undefined },
  },
];

/** The text-only decoder the emulator serves by default. */
export const TEXT_FAMILY: ModelFamily = {
  pattern: /.*/,
  architecture: 'Qwen3ForCausalLM',
  tasks: ['generate'],
  media: {},
};

/** The family of a model id (the text-only default when none matches). */
export function modelFamily(model: string): ModelFamily {
  return MODEL_FAMILIES.find((family) => family.pattern.test(model)) ?? TEXT_FAMILY;
}

/** Whether the model takes any media (vLLM's `is_multimodal_model`). */
export function isMultimodal(family: ModelFamily): boolean {
  return Object.keys(family.media).length > 0;
}

/** vLLM's default per-modality limit when `--limit-mm-per-prompt` does not name the modality. */
export const DEFAULT_MEDIA_LIMIT = 999;

/**
 * Items of `modality` one prompt may carry: `min(model limit, --limit-mm-per-prompt)`, 0 for media the
 * model does not take (vllm/multimodal/processing/context.py `validate_num_items`).
 */
export function mediaLimit(
  family: ModelFamily,
  modality: Modality,
  limitMmPerPrompt: Readonly<Partial<Record<Modality, number>>>,
): number {
  if (!(modality in family.media)) return 0;
  const own = family.media[modality];
  const user = limitMmPerPrompt[modality] ?? DEFAULT_MEDIA_LIMIT;
  return own === undefined ? user : Math.min(own, user);
}
