// vLLM-shaped answers for the server endpoints (PROTOCOL.md §1.5, §4, §5) and a routed mock fetch.
import { createMockFetch, jsonResponse, type RecordedRequest } from '../helpers/mock-fetch';

export const BASE_URL = 'http://gpu-box:8000/v1';

/** `GET /v1/models` with two served names of one model and a LoRA adapter on the first. */
export const MODEL_LIST = {
  object: 'list',
  data: [
    {
      id: 'Qwen/Qwen3-8B',
      object: 'model',
      created: 1763000000,
      owned_by: 'vllm',
      root: '/models/Qwen3-8B',
      parent: null,
      max_model_len: 32768,
      permission: [
        {
          id: 'modelperm-1',
          object: 'model_permission',
          created: 1763000000,
          allow_create_engine: false,
          allow_sampling: true,
          allow_logprobs: true,
          allow_search_indices: false,
          allow_view: true,
          allow_fine_tuning: false,
          organization: '*',
          group: null,
          is_blocking: false,
        },
      ],
    },
    {
      id: 'qwen',
      object: 'model',
      created: 1763000000,
      owned_by: 'vllm',
      root: '/models/Qwen3-8B',
      parent: null,
      max_model_len: 32768,
      permission: [],
    },
    {
      id: 'sql-lora',
      object: 'model',
      created: 1763000000,
      owned_by: 'vllm',
      root: '/adapters/sql-lora',
      parent: 'Qwen/Qwen3-8B',
      max_model_len: null,
      permission: [],
    },
  ],
};

/** FastAPI's body for a route the server does not have. */
export function notFoundRoute(): Response {
  return jsonResponse({ detail: 'Not Found' }, 404);
}

type Route = Response | ((request: RecordedRequest) => Response | Promise<Response>);

/**
 * A mock vLLM: routes keyed by `METHOD /path` (path without host). Unknown routes answer FastAPI's
 * 404; `GET /version` answers `version` and `GET /v1/models` answers `MODEL_LIST` (as every vLLM
 * does) unless overridden.
 */
export function mockVllmServer(
  routes: Record<string, Route>,
  { version = '0.13.0' }: { version?: string } = {},
) {
  return createMockFetch(async (request) => {
    const key = `${request.method} ${new URL(request.url).pathname}`;
    const defaults: Record<string, () => Response> = {
      'GET /version': () => jsonResponse({ version }),
      'GET /v1/models': () => jsonResponse(MODEL_LIST),
    };
    const route = routes[key] ?? defaults[key]?.();
    if (route === undefined) return notFoundRoute();
    return typeof route === 'function' ? route(request) : route.clone();
  });
}
