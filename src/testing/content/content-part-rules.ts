/**
 * Which chat content parts a vLLM release accepts, read from `vllm/entrypoints/chat_utils.py`
 * (v0.10.0 tag; main at each later release's cut).
 *
 * A part passes two gates:
 * 1. pydantic: the message validates against vLLM's own `CustomChatCompletionMessageParam`
 *    (a list of `ChatCompletionContentPartParam`) or, lazily, against OpenAI's message params.
 *    A part no member of vLLM's union accepts fails while chat_utils iterates the lazy
 *    OpenAI `Iterable` → `N validation errors for ValidatorIterator` (a ValueError → 400).
 * 2. chat_utils: the part type must be in `MM_PARSER_MAP`; `file` (OpenAI's union has it) is
 *    not → `NotImplementedError("Unknown part type: file")` until #41121 (2026-04-29) made it a
 *    `VLLMValidationError` ("Unsupported chat content part type: 'file'. Supported types: …").
 */

/** A modality a media part feeds (the key of `--limit-mm-per-prompt`). */
export type Modality = 'image' | 'audio' | 'video';

/** What a release's chat parser knows about content parts. */
export interface ContentPartRules {
  /** `type` literals of vLLM's pydantic content-part union (OpenAI's + vLLM's custom parts). */
  readonly validatedTypes: ReadonlySet<string>;
  /** Keys of `MM_PARSER_MAP` plus the skip-if-empty types: the types chat_utils can parse. */
  readonly parsedTypes: readonly string[];
  /**
   * How an unparsed type is refused: `not-implemented` = `Unknown part type: X` (400 through the
   * preprocessing `except RuntimeError`); `validation` = HEAD's `VLLMValidationError` with `param: "type"`.
   */
  readonly unknownType: 'not-implemented' | 'validation';
  /**
   * Chat preprocessing errors carry ` {e.__cause__}` (`" None"`) until #32473 (2026-01-19) passed
   * the exception itself to `create_error_response`.
   */
  readonly causeSuffix: boolean;
  /**
   * Media for a text-only model: `create_processor` raises "<name> is not a multimodal model" with
   * `model_config.model` until #41003 (2026-04-27), then the served model name.
   */
  readonly notMultimodalName: 'model' | 'served-name';
  /** `*_embeds` parts check `get_multimodal_config()` first ("The model is not multimodal.", #27204, 2025-10-22). */
  readonly embedsCheckConfig: boolean;
  /**
   * Too many items of a modality (`validate_num_items`): `request` = v0.10.0's "…in one request. You
   * can set `--limit-mm-per-prompt`…"; `prompt` = "…in one prompt." (#22114, 2025-08-02);
   * `prompt-param` = the same as a `VLLMValidationError` with `param` = the modality (#33396, 2026-01-30).
   */
  readonly mmLimitStyle: 'request' | 'prompt' | 'prompt-param';
  /** pydantic minor version in the `errors.pydantic.dev` links of validation messages (the release image's). */
  readonly pydanticVersion: string;
  /** `--allowed-media-domains` exists and `MediaConnector` enforces it (#25783, v0.11.0; see `media-domains.ts`). */
  readonly allowedMediaDomains: boolean;
}

const OPENAI_TYPES = ['text', 'image_url', 'input_audio', 'file'];
const VLLM_0_10_TYPES = [...OPENAI_TYPES, 'audio_url', 'video_url', 'refusal', 'image_embeds', 'thinking'];
const PARSED_0_10 = [
  'audio_url',
  'image_embeds',
  'image_pil',
  'image_url',
  'input_audio',
  'input_image',
  'input_text',
  'refusal',
  'text',
  'thinking',
  'video_url',
];
const PARSED_0_12 = [...PARSED_0_10, 'audio_embeds', 'output_text'].sort();
const PARSED_LATEST = [...PARSED_0_12, 'prompt_embeds', 'tool_reference'].sort();

/** v0.10.0. */
export const CONTENT_PARTS_0_10: ContentPartRules = {
  validatedTypes: new Set(VLLM_0_10_TYPES),
  parsedTypes: PARSED_0_10,
  unknownType: 'not-implemented',
  causeSuffix: true,
  notMultimodalName: 'model',
  embedsCheckConfig: false,
  mmLimitStyle: 'request',
  pydanticVersion: '2.11',
  allowedMediaDomains: false,
};

/**
 * 0.11.2: the "one prompt" wording of #22114, the multimodal-config check on embeds (#27204),
 * `--allowed-media-domains` (#25783).
 */
export const CONTENT_PARTS_0_11: ContentPartRules = {
  ...CONTENT_PARTS_0_10,
  mmLimitStyle: 'prompt',
  embedsCheckConfig: true,
  allowedMediaDomains: true,
};

/** v0.12.0 / v0.13.0: `audio_embeds` (#29059), `output_text`. */
export const CONTENT_PARTS_0_12: ContentPartRules = {
  ...CONTENT_PARTS_0_11,
  validatedTypes: new Set([...VLLM_0_10_TYPES, 'audio_embeds']),
  parsedTypes: PARSED_0_12,
  pydanticVersion: '2.12',
};

/** 0.26 (main of July 2026): `prompt_embeds` (#40720), `tool_reference` (#40190), #41121, #41003. */
export const CONTENT_PARTS_LATEST: ContentPartRules = {
  ...CONTENT_PARTS_0_12,
  validatedTypes: new Set([...VLLM_0_10_TYPES, 'audio_embeds', 'prompt_embeds', 'tool_reference']),
  parsedTypes: PARSED_LATEST,
  unknownType: 'validation',
  causeSuffix: false,
  mmLimitStyle: 'prompt-param',
  notMultimodalName: 'served-name',
};

/** The modality a parsed media part type feeds; `undefined` for text-like parts. */
export function modalityOf(type: string): Modality | undefined {
  switch (type) {
    case 'image_url':
    case 'input_image':
    case 'image_pil':
    case 'image_embeds':
      return 'image';
    case 'audio_url':
    case 'input_audio':
    case 'audio_embeds':
      return 'audio';
    case 'video_url':
      return 'video';
    default:
      return undefined;
  }
}

/** The text-like part types chat_utils turns into prompt text. */
export const TEXT_PART_TYPES: ReadonlySet<string> = new Set([
  'text',
  'input_text',
  'output_text',
  'refusal',
  'thinking',
  'tool_reference',
]);
