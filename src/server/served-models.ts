import { NoSuchModelError } from '@ai-sdk/provider';
import { z } from 'zod/v4';
import { VLLM_ENDPOINTS } from './server-endpoints';
import type { ServerRequester, VllmRequestOptions } from './server-requester';

/** One model card from `GET /v1/models`: a served base model or a LoRA adapter. */
export interface VllmModelInfo {
  /** The name to put in the request `model` field (`--served-model-name`, or the LoRA adapter name). */
  id: string;
  /** Base model: the model path or Hugging Face repo it was loaded from. LoRA adapter: the adapter path. */
  root: string | undefined;
  /** LoRA adapter: the served name of the base model it runs on. Base model: `undefined`. */
  parent: string | undefined;
  /** Whether this card is a LoRA adapter (vLLM marks adapters with a `parent`). */
  isLoraAdapter: boolean;
  /**
   * Context length in tokens (prompt + output; `--max-model-len`). vLLM reports it on base cards
   * only; for a LoRA adapter this is its parent's value.
   */
  maxModelLen: number | undefined;
  /** Base model: names of the LoRA adapters currently loaded on it. LoRA adapter: `[]`. */
  loraAdapters: string[];
  /** Card creation time (vLLM: when the server listed it). */
  created: Date | undefined;
  /** `owned_by` (vLLM always says `vllm`). */
  ownedBy: string | undefined;
}

const modelCardSchema = z.object({
  id: z.string(),
  root: z.string().nullish(),
  parent: z.string().nullish(),
  max_model_len: z.number().nullish(),
  created: z.number().nullish(),
  owned_by: z.string().nullish(),
});

const modelListSchema = z.object({ data: z.array(modelCardSchema) });

/** `GET /v1/models`, with adapters linked to their base models. */
export async function listServedModels(
  requester: ServerRequester,
  options: VllmRequestOptions = {},
): Promise<VllmModelInfo[]> {
  const { data } = await requester.json(VLLM_ENDPOINTS.models, modelListSchema, options);
  const maxModelLenOf = new Map(data.map((card) => [card.id, card.max_model_len ?? undefined]));
  return data.map((card) => {
    const parent = card.parent ?? undefined;
    return {
      id: card.id,
      root: card.root ?? undefined,
      parent,
      isLoraAdapter: parent !== undefined,
      maxModelLen: card.max_model_len ?? (parent !== undefined ? maxModelLenOf.get(parent) : undefined),
      loraAdapters: data.filter((other) => other.parent === card.id).map((other) => other.id),
      created: card.created != null ? new Date(card.created * 1000) : undefined,
      ownedBy: card.owned_by ?? undefined,
    };
  });
}

/** Served names for messages: `Qwen/Qwen3-8B`, `sql-lora (LoRA adapter on Qwen/Qwen3-8B)`. */
export function formatServedModelNames(models: readonly VllmModelInfo[]): string[] {
  return models.map((model) =>
    model.isLoraAdapter ? `${model.id} (LoRA adapter on ${model.parent})` : model.id,
  );
}

/** One model card by id, or `NoSuchModelError` listing what the server does serve. */
export async function findServedModel(
  requester: ServerRequester,
  modelId: string,
  options: VllmRequestOptions = {},
): Promise<VllmModelInfo> {
  const models = await listServedModels(requester, options);
  const found = models.find((model) => model.id === modelId);
  if (found) return found;
  const served = formatServedModelNames(models);
  throw new NoSuchModelError({
    modelId,
    modelType: 'languageModel',
    message:
      `The vLLM server at ${requester.url(VLLM_ENDPOINTS.models)} does not serve "${modelId}". ` +
      `It serves: ${served.length > 0 ? served.join(', ') : 'nothing'}. ` +
      'Use one of these names (the --served-model-name, or a loaded LoRA adapter).',
  });
}
