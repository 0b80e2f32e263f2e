import { createHash } from 'node:crypto';
import type { EmulatorContext } from '../emulator-context';
import type { MultimodalFeature } from '../engine/prefix-cache/cache-request';
import type { CacheJob, CachePrompt } from '../engine/prefix-cache/prefix-cache-scheduler';
import { MEDIA_PLACEHOLDER_TYPES } from '../generation/chat-template';
import type { Body } from '../generation/field-types';
import type { SequenceResult } from '../generation/sequence';
import { encode } from '../generation/tokenizer';
import type { ResolvedModel } from '../model-registry';

/** Output token ids of a generated sequence. */
export function outputIds(result: SequenceResult): number[] {
  return result.steps.flatMap((step) => step.ids);
}

/** The prefix-cache view of a generation request: its prompts, outputs and cache keys. */
export function cacheJob(
  ctx: EmulatorContext,
  endpoint: 'chat' | 'completion',
  body: Body,
  model: ResolvedModel,
  prompts: CachePrompt[],
  multimodal?: readonly MultimodalFeature[],
): CacheJob {
  const fields = endpoint === 'chat' ? ctx.profile.fields.chat : ctx.profile.fields.completion;
  const salt = fields.has('cache_salt') && typeof body.cache_salt === 'string' ? body.cache_salt : undefined;
  return {
    prompts,
    loraName: model.lora?.name,
    cacheSalt: salt,
    multimodal,
    // vLLM skips reading the prefix cache when prompt logprobs are requested (they need every token).
    skipReadingPrefixCache: body.prompt_logprobs != null,
  };
}

const PLACEHOLDER = new RegExp(`<(${MEDIA_PLACEHOLDER_TYPES.join('|')})>`, 'g');

/**
 * Where the media of a chat prompt sit (their placeholder tokens) and what they are (a hash of the
 * part), so prompts with different images never share the blocks from the image on, as vLLM hashes
 * each item's content into the blocks it covers. None with prefix caching off (nothing is hashed).
 */
export function multimodalFeatures(
  ctx: EmulatorContext,
  messages: readonly unknown[],
  promptText: string,
): MultimodalFeature[] {
  if (!ctx.engine.cache.manager.enableCaching) return [];
  const identifiers: string[] = [];
  for (const message of messages) {
    const content = (message as { content?: unknown } | null)?.content;
    if (!Array.isArray(content)) continue;
    for (const part of content) {
      const type = (part as { type?: unknown } | null)?.type;
      if (typeof type === 'string' && MEDIA_PLACEHOLDER_TYPES.includes(type)) {
        identifiers.push(createHash('sha256').update(JSON.stringify(part)).digest('hex'));
      }
    }
  }
  if (identifiers.length === 0) return [];
  const features: MultimodalFeature[] = [];
  // Tokens never span a placeholder's edges ("<" and ">" are tokens of their own), so the text is
  // encoded piece by piece with a running offset rather than re-encoded from the start each time.
  let offset = 0;
  let encodedUpTo = 0;
  for (const match of promptText.matchAll(PLACEHOLDER)) {
    const identifier = identifiers[features.length];
    if (identifier === undefined) break;
    offset += encode(promptText.slice(encodedUpTo, match.index)).length;
    const length = encode(match[0]).length;
    features.push({ identifier, offset, length });
    offset += length;
    encodedUpTo = match.index + match[0].length;
  }
  return features;
}
