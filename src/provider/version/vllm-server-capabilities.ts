import { InvalidArgumentError, type LanguageModelV4CallOptions } from '@ai-sdk/provider';
import { describeToolCallParser } from '../vllm-model-presets';

/**
 * What the server was started with, when you know it (the sidecar's `server.provider()` passes it):
 * lets the provider reject calls the server would refuse, before any request.
 */
export interface VllmServerCapabilityHints {
  /**
   * Whether the server runs with `--enable-auto-tool-choice --tool-call-parser <parser>`. When
   * `false`, a call with tools and `toolChoice` `auto` or `required` fails before the request
   * (vLLM would answer 400). Unknown (`undefined`): the server decides.
   */
  autoToolChoice?: boolean;
  /** The `--tool-call-parser` the server uses, named in error messages. */
  toolCallParser?: string;
  /** The `--reasoning-parser` the server uses (`undefined` when unknown). Informational. */
  reasoningParser?: string;
  /**
   * The server's context length (`--max-model-len`). A `maxOutputTokens` above it fails before
   * the request (vLLM would answer 400).
   */
  maxModelLen?: number;
  /**
   * What the served model takes as input: `['text']` for a text-only model, plus `image`, `audio`,
   * `video` for multimodal ones. A chat call with media the model does not take fails before the
   * request (vLLM would answer 400 "… is not a multimodal model"). Unknown (`undefined`): the server decides.
   */
  inputModalities?: readonly VllmInputModality[];
  /**
   * The server's media items per prompt (`--limit-mm-per-prompt`, e.g. `{ image: 4 }`). A call with
   * more fails before the request (vLLM would answer 400 "At most N image(s) may be provided in one prompt").
   */
  mediaPerPrompt?: Partial<Record<VllmMediaInputModality, number>>;
}

/** An input modality of a served model. */
export type VllmInputModality = 'text' | 'image' | 'audio' | 'video';

/** The media modalities (the keys of vLLM's `--limit-mm-per-prompt`). */
export type VllmMediaInputModality = Exclude<VllmInputModality, 'text'>;

/** Throws an `InvalidArgumentError` for a call the server's known capabilities rule out. */
export function checkServerCapabilities(
  options: LanguageModelV4CallOptions,
  capabilities: VllmServerCapabilityHints | undefined,
  modelId: string,
): void {
  if (capabilities === undefined) return;
  const toolChoice = options.toolChoice?.type ?? 'auto';
  if (
    capabilities.autoToolChoice === false &&
    options.tools !== undefined &&
    options.tools.length > 0 &&
    (toolChoice === 'auto' || toolChoice === 'required')
  ) {
    throw new InvalidArgumentError({
      argument: 'tools',
      message:
        `This vLLM server was started without tool calling, so tool_choice "${toolChoice}" would be rejected. ` +
        `Restart it with --enable-auto-tool-choice ${describeToolCallParser(modelId)}, or call without tools.`,
    });
  }
  const maxModelLen = capabilities.maxModelLen;
  if (
    maxModelLen !== undefined &&
    options.maxOutputTokens !== undefined &&
    options.maxOutputTokens > maxModelLen
  ) {
    throw new InvalidArgumentError({
      argument: 'maxOutputTokens',
      message: `maxOutputTokens ${options.maxOutputTokens} exceeds the server's context length (--max-model-len ${maxModelLen}); lower it below ${maxModelLen} minus the prompt length.`,
    });
  }
}
