import type { Modality } from './content-part-rules';

/**
 * The modalities a served model accepts, by model id. vLLM decides this from the model's
 * architecture (`model_config.is_multimodal_model`); the emulator's models are text-only until a
 * multimodal profile is added here.
 */
const MULTIMODAL_MODELS: readonly { readonly pattern: RegExp; readonly modalities: readonly Modality[] }[] =
  [];

/** The modalities `model` accepts, or `undefined` for a text-only model (media → vLLM's 400). */
export function acceptedModalities(model: string): ReadonlySet<Modality> | undefined {
  const entry = MULTIMODAL_MODELS.find((candidate) => candidate.pattern.test(model));
  return entry === undefined ? undefined : new Set(entry.modalities);
}
