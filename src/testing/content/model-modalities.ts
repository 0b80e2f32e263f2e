import { isMultimodal, modelFamily } from '../models/model-family';
import type { Modality } from './content-part-rules';

/**
 * The modalities a served model accepts, by model id. vLLM decides this from the model's
 * architecture (`model_config.is_multimodal_model`); the families are in `../models/model-family.ts`.
 */
export function acceptedModalities(model: string): ReadonlySet<Modality> | undefined {
  const family = modelFamily(model);
  return isMultimodal(family) ? new Set(Object.keys(family.media) as Modality[]) : undefined;
}
