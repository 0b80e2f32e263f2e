import type { EmulatorContext } from '../emulator-context';
import type { WireChatMessage } from '../generation/chat-template';
import { pythonRepr } from '../http/python-repr';
import { badRequest, VllmHttpError, vllmValidationError } from '../http/vllm-error';
import { mediaLimit, modelFamily } from '../models/model-family';
import type { VersionProfile } from '../version-profiles';
import { type ContentPartRules, type Modality, modalityOf, TEXT_PART_TYPES } from './content-part-rules';
import { disallowedMediaDomain, mediaUrlOf } from './media-domains';
import { acceptedModalities } from './model-modalities';

type Part = Record<string, unknown>;

/** The key each typed part of vLLM's pydantic union requires besides `type`. */
const REQUIRED_KEY: Readonly<Record<string, string>> = {
  text: 'text',
  image_url: 'image_url',
  input_audio: 'input_audio',
  file: 'file',
  audio_url: 'audio_url',
  video_url: 'video_url',
  refusal: 'refusal',
  image_embeds: 'image_embeds',
  audio_embeds: 'audio_embeds',
  prompt_embeds: 'data',
  thinking: 'thinking',
  tool_reference: 'name',
};

/** Whether vLLM's own content-part union (typed parts, or the untyped `{"image_url": "…"}` forms) accepts the part. */
function passesVllmUnion(rules: ContentPartRules, part: Part): boolean {
  const type = part.type;
  if (typeof type === 'string' && rules.validatedTypes.has(type) && REQUIRED_KEY[type] in part) return true;
  // The "simple" TypedDicts have no `type` key: any dict with a string URL matches (extra keys ignored).
  return ['image_url', 'audio_url', 'video_url'].some((key) => typeof part[key] === 'string');
}

/** OpenAI's content-part TypedDicts for a role's lazily validated `Iterable` (class name, required key, literal). */
function openAiMembers(role: unknown): readonly (readonly [string, string, string])[] {
  const text = ['ChatCompletionContentPartTextParam', 'text', 'text'] as const;
  if (role === 'assistant') return [text, ['ChatCompletionContentPartRefusalParam', 'refusal', 'refusal']];
  if (role === 'system' || role === 'developer' || role === 'tool') return [text];
  return [
    text,
    ['ChatCompletionContentPartImageParam', 'image_url', 'image_url'],
    ['ChatCompletionContentPartInputAudioParam', 'input_audio', 'input_audio'],
    ['File', 'file', 'file'],
  ];
}

/** pydantic-core shortens an input repr longer than 50 characters to 25 + `...` + 24. */
function inputValue(value: unknown): string {
  const repr = [...pythonRepr(value)];
  return repr.length > 50 ? `${repr.slice(0, 25).join('')}...${repr.slice(-24).join('')}` : repr.join('');
}

function pythonType(value: unknown): string {
  if (value === null) return 'NoneType';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  return Array.isArray(value) ? 'list' : 'dict';
}

/**
 * The `ValidationError` pydantic raises while chat_utils iterates the lazily validated OpenAI
 * `Iterable` of content parts (`N validation errors for ValidatorIterator`), for the first bad part.
 */
function validatorIteratorMessage(rules: ContentPartRules, role: unknown, index: number, part: Part): string {
  const members = openAiMembers(role);
  const link = (kind: string) =>
    `    For further information visit https://errors.pydantic.dev/${rules.pydanticVersion}/v/${kind}`;
  const errors: string[] = [];
  for (const [className, key, literal] of members) {
    const loc = members.length === 1 ? `${index}` : `${index}.${className}`;
    if (!(key in part)) {
      errors.push(
        `${loc}.${key}\n  Field required [type=missing, input_value=${inputValue(part)}, input_type=dict]\n${link('missing')}`,
      );
    } else if ((key === 'text' || key === 'refusal') && typeof part[key] !== 'string') {
      errors.push(
        `${loc}.${key}\n  Input should be a valid string [type=string_type, input_value=${inputValue(part[key])}, input_type=${pythonType(part[key])}]\n${link('string_type')}`,
      );
    }
    if (!('type' in part)) {
      errors.push(
        `${loc}.type\n  Field required [type=missing, input_value=${inputValue(part)}, input_type=dict]\n${link('missing')}`,
      );
    } else if (part.type !== literal) {
      errors.push(
        `${loc}.type\n  Input should be '${literal}' [type=literal_error, input_value=${inputValue(part.type)}, input_type=${pythonType(part.type)}]\n${link('literal_error')}`,
      );
    }
  }
  const label = errors.length === 1 ? 'error' : 'errors';
  return `${errors.length} validation ${label} for ValidatorIterator\n${errors.join('\n')}`;
}

/** A preprocessing ValueError/RuntimeError → 400 `BadRequestError` (with the old ` None` cause suffix). */
function preprocessError(rules: ContentPartRules, message: string): VllmHttpError {
  return badRequest(rules.causeSuffix ? `${message} None` : message);
}

/** Where the messages arrived: chat preprocessing catches RuntimeError, `/tokenize` does not. */
export type ContentPartEndpoint = 'chat' | 'tokenize';

function unknownTypeError(
  profile: VersionProfile,
  type: string,
  endpoint: ContentPartEndpoint,
): VllmHttpError {
  const rules = profile.contentParts;
  if (rules.unknownType === 'not-implemented') {
    // `/tokenize` lets the NotImplementedError reach its route, which raises HTTPException(501).
    if (endpoint === 'tokenize')
      return new VllmHttpError(501, `Unknown part type: ${type}`, 'Not Implemented', null);
    return preprocessError(rules, `Unknown part type: ${type}`);
  }
  const message = `Unsupported chat content part type: ${pythonRepr(type)}. Supported types: ${rules.parsedTypes.join(', ')}.`;
  return vllmValidationError(profile, message, 'type', type);
}

/** The part's type as chat_utils resolves it (untyped simple forms → their URL key); `undefined` = missing. */
function resolvedType(part: Part): unknown {
  if (part.type !== undefined && part.type !== null) return part.type;
  return ['image_url', 'audio_url', 'video_url', 'input_audio'].find((key) => part[key] !== undefined);
}

/**
 * Checks the content parts of chat messages as vLLM's chat preprocessing does, in message and part
 * order, and throws vLLM's error for the first part it refuses: a part no content-part type accepts
 * (pydantic), a type the parser does not know (`file`), media for a model without that modality;
 * then, as vLLM loads the media, an http(s) URL outside `--allowed-media-domains`.
 */
export function validateContentParts(
  ctx: EmulatorContext,
  messages: readonly WireChatMessage[],
  endpoint: ContentPartEndpoint = 'chat',
): void {
  const rules = ctx.profile.contentParts;
  // Items per modality in the whole prompt (vLLM's tracker counts across messages).
  const counts: Record<Modality, number> = { image: 0, audio: 0, video: 0 };
  // The URLs vLLM loads once every part is parsed, by modality in first-appearance order.
  const urls = new Map<Modality, string[]>();
  for (const message of messages) {
    if (!Array.isArray(message.content)) continue;
    message.content.forEach((raw: unknown, index) => {
      if (typeof raw === 'string' || typeof raw !== 'object' || raw === null) return;
      const part = raw as Part;
      if (!passesVllmUnion(rules, part)) {
        throw preprocessError(rules, validatorIteratorMessage(rules, message.role, index, part));
      }
      const type = resolvedType(part);
      if (type === undefined) throw preprocessError(rules, "Missing 'type' field in multimodal part.");
      if (typeof type !== 'string') throw preprocessError(rules, "Invalid 'type' field in multimodal part.");
      if (!rules.parsedTypes.includes(type)) throw unknownTypeError(ctx.profile, type, endpoint);
      if (TEXT_PART_TYPES.has(type)) return;
      if (type === 'prompt_embeds') {
        throw vllmValidationError(
          ctx.profile,
          'You must set `--enable-prompt-embeds` to input `prompt_embeds`',
          'prompt_embeds',
        );
      }
      const modality = modalityOf(type);
      if (modality === undefined) return;
      checkModality(ctx, rules, type, modality, ++counts[modality]);
      const url = mediaUrlOf(type, part);
      if (url !== undefined) urls.set(modality, [...(urls.get(modality) ?? []), url]);
    });
  }
  const refusal = disallowedMediaDomain(ctx.options.allowedMediaDomains, urls);
  if (refusal !== undefined) throw preprocessError(rules, refusal);
}

/**
 * Media for the model: refused with vLLM's error when the model has no such modality, or when this
 * item (the `count`-th of its modality in the prompt) is over `min(model limit, --limit-mm-per-prompt)`.
 */
function checkModality(
  ctx: EmulatorContext,
  rules: ContentPartRules,
  type: string,
  modality: Modality,
  count: number,
): void {
  const accepted = acceptedModalities(ctx.options.model);
  if (accepted === undefined) {
    if (type.endsWith('_embeds') && rules.embedsCheckConfig)
      throw preprocessError(rules, 'The model is not multimodal.');
    const name = rules.notMultimodalName === 'model' ? ctx.options.model : ctx.models.primaryName;
    throw preprocessError(rules, `${name} is not a multimodal model`);
  }
  if (!accepted.has(modality)) throw tooManyItems(ctx.profile, modality, 0);
  const limit = mediaLimit(modelFamily(ctx.options.model), modality, ctx.options.limitMmPerPrompt);
  if (count > limit) throw tooManyItems(ctx.profile, modality, limit);
}

/** `validate_num_items`: more items of a modality than the model (or `--limit-mm-per-prompt`) allows. */
function tooManyItems(profile: VersionProfile, modality: Modality, limit: number): VllmHttpError {
  const rules = profile.contentParts;
  if (rules.mmLimitStyle === 'request') {
    return preprocessError(
      rules,
      `At most ${limit} ${modality}(s) may be provided in one request. You can set \`--limit-mm-per-prompt\` to increase this limit if the model supports it.`,
    );
  }
  const message = `At most ${limit} ${modality}(s) may be provided in one prompt.`;
  if (rules.mmLimitStyle === 'prompt') return preprocessError(rules, message);
  return vllmValidationError(profile, message, modality);
}
