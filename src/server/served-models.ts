import { NoSuchModelError } from '@ai-sdk/provider';
import { z } from 'zod/v4';
import { VLLM_ENDPOINTS } from './server-endpoints';
import type { ServerRequester, VllmRequestOptions } from './server-requester';

/** One model card from `GET /v1/models`: a served base model or a LoRA adapter. */
export interface VllmModelInfo {
  /** The name to put in the request `model` field (`--served-model-name`, or the LoRA adapter name). */
  id: string;
  /**
   * Base model: the model path or Hugging Face repo it was loaded from. LoRA adapter: the adapter
   * path (`undefined` on vLLM < 0.6.2, which reported the base model there instead).
   */
  root: string | undefined;
  /** LoRA adapter: the served name of the base model it runs on. Base model: `undefined`. */
  parent: string | undefined;
  /**
   * Whether this card is a LoRA adapter. vLLM ≥ 0.6.2 marks adapters with a `parent`; older servers
   * sent `parent: null` and `root` = the base model's name, and are read that way (see {@link listServedModels}).
   */
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

type ModelCard = z.output<typeof modelCardSchema>;

/**
 * The base model a card is a LoRA adapter of. vLLM ≥ 0.6.2 says so in `parent` (#6315). Before,
 * an adapter card had `parent: null` and `root` = the first served name, like the base card itself:
 * an adapter is a card whose `root` is another card's id, and (from 0.5 on, where base cards carry
 * `max_model_len`) that has no `max_model_len` of its own. Before 0.5 no card has `max_model_len`,
 * so a second `--served-model-name` reads as an adapter there.
 */
function parentOf(
  card: ModelCard,
  cards: readonly ModelCard[],
): { parent: string; legacy: boolean } | undefined {
  if (card.parent != null) return { parent: card.parent, legacy: false };
  if (card.root == null || card.root === card.id || card.max_model_len != null) return undefined;
  const base = cards.find((other) => other !== card && other.id === card.root && other.parent == null);
  return base === undefined ? undefined : { parent: base.id, legacy: true };
}

/** `GET /v1/models`, with adapters linked to their base models. */
export async function listServedModels(
  requester: ServerRequester,
  options: VllmRequestOptions = {},
): Promise<VllmModelInfo[]> {
  const { data } = await requester.json(VLLM_ENDPOINTS.models, modelListSchema, options);
  const maxModelLenOf = new Map(data.map((card) => [card.id, card.max_model_len ?? undefined]));
  const parents = new Map(data.map((card) => [card, parentOf(card, data)]));
  return data.map((card) => {
    const lineage = parents.get(card);
    const parent = lineage?.parent;
    return {
      id: card.id,
      root: lineage?.legacy ? undefined : (card.root ?? undefined),
      parent,
      isLoraAdapter: parent !== undefined,
      maxModelLen: card.max_model_len ?? (parent !== undefined ? maxModelLenOf.get(parent) : undefined),
      loraAdapters: data.filter((other) => parents.get(other)?.parent === card.id).map((other) => other.id),
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
