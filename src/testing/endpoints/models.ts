import { randomUUID } from 'node:crypto';
import type { EmulatorContext } from '../emulator-context';
import type { Route } from '../emulator-server';
import { sendJson } from '../http/respond';

function permission(created: number): Record<string, unknown> {
  return {
    id: `modelperm-${randomUUID().replaceAll('-', '')}`,
    object: 'model_permission',
    created,
    allow_create_engine: false,
    allow_sampling: true,
    allow_logprobs: true,
    allow_search_indices: false,
    allow_view: true,
    allow_fine_tuning: false,
    organization: '*',
    group: null,
    is_blocking: false,
  };
}

/** The `/v1/models` list: one card per served name, then one per LoRA adapter. */
export function modelList(ctx: EmulatorContext): Record<string, unknown> {
  const created = Math.floor(Date.now() / 1000);
  const card = (id: string, root: string, parent: string | null, maxModelLen: number | null) => ({
    id,
    object: 'model',
    created,
    owned_by: 'vllm',
    root,
    parent,
    max_model_len: maxModelLen,
    permission: [permission(created)],
  });
  const data = ctx.models.servedNames.map((name) =>
    card(name, ctx.models.modelPath, null, ctx.options.maxModelLen),
  );
  for (const adapter of ctx.models.adapters.values())
    data.push(card(adapter.name, adapter.path, adapter.baseModelName, null));
  return { object: 'list', data };
}

/** `GET /v1/models`. */
export function modelRoutes(): Route[] {
  return [
    {
      methods: ['GET'],
      path: '/v1/models',
      handle: ({ ctx, response }) => sendJson(response, 200, modelList(ctx)),
    },
  ];
}
