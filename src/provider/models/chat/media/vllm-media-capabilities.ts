import { InvalidArgumentError, type LanguageModelV4Prompt } from '@ai-sdk/provider';
import type { VllmServerCapabilityHints } from '../../../version/vllm-server-capabilities';
import { countPromptMedia } from './count-prompt-media';

const EXAMPLE_MODELS = {
  image: 'Qwen/Qwen2.5-VL-3B-Instruct',
  video: 'Qwen/Qwen2.5-VL-3B-Instruct',
  audio: 'Qwen/Qwen2-Audio-7B-Instruct',
} as const;

/**
 * Throws an `InvalidArgumentError` before the request when the server's known capabilities rule out
 * the prompt's media: a modality the served model does not take, or more items than the server's
 * `--limit-mm-per-prompt`. Free when no capability is known.
 */
export function checkMediaCapabilities(
  prompt: LanguageModelV4Prompt,
  capabilities: VllmServerCapabilityHints | undefined,
  modelId: string,
): void {
  if (capabilities?.inputModalities === undefined && capabilities?.mediaPerPrompt === undefined) return;
  const counts = countPromptMedia(prompt);
  for (const modality of ['image', 'video', 'audio'] as const) {
    const count = counts[modality];
    if (count === 0) continue;
    const modalities = capabilities.inputModalities;
    if (modalities !== undefined && !modalities.includes(modality)) {
      const takes = modalities.length > 0 ? modalities.join(', ') : 'text';
      throw new InvalidArgumentError({
        argument: 'prompt',
        message:
          `The vLLM server serves ${modelId} for ${takes} input only (serverCapabilities.inputModalities), so the ` +
          `prompt's ${count} ${modality} part(s) would be refused ("${modelId} is not a multimodal model" or a per-prompt limit of 0). ` +
          `Serve a model that takes ${modality} (e.g. ${EXAMPLE_MODELS[modality]}) or remove the ${modality} parts.`,
      });
    }
    const limit = capabilities.mediaPerPrompt?.[modality];
    if (limit !== undefined && count > limit) {
      throw new InvalidArgumentError({
        argument: 'prompt',
        message:
          `The prompt has ${count} ${modality} part(s) but the vLLM server takes at most ${limit} per prompt ` +
          `(--limit-mm-per-prompt). Send fewer, or restart vLLM with --limit-mm-per-prompt '{"${modality}": ${count}}' if the model supports it.`,
      });
    }
  }
}
