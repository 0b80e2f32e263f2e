import type { Route, RouteRequest } from '../emulator-server';
import type { VllmFaultRule } from '../faults/fault-types';
import { sendJson } from '../http/respond';
import { badRequest } from '../http/vllm-error';

/** Path prefix of the emulator's own admin endpoints (not part of vLLM; never auth-guarded). */
export const ADMIN_PREFIX = '/_emulator';

function addFault({ ctx, body, response }: RouteRequest): void {
  const rule = body as unknown as VllmFaultRule & { pathRegex?: string };
  try {
    const handle = ctx.faults.add({
      ...rule,
      path: rule.pathRegex !== undefined ? new RegExp(rule.pathRegex) : rule.path,
    });
    sendJson(response, 201, { id: handle.id });
  } catch (error) {
    throw badRequest((error as Error).message, 'fault');
  }
}

function faultsRoute(route: RouteRequest): void {
  const { ctx, request, response } = route;
  if (request.method === 'POST') {
    addFault(route);
  } else if (request.method === 'DELETE') {
    ctx.faults.clear();
    sendJson(response, 200, { cleared: true });
  } else {
    sendJson(response, 200, {
      rules: ctx.faults
        .list()
        .map((rule) => ({ ...rule, path: rule.path instanceof RegExp ? String(rule.path) : rule.path })),
      injected: ctx.faults.injected,
    });
  }
}

/**
 * The emulator's admin API (for tests driving a CLI/Docker emulator over HTTP):
 * `GET|POST|DELETE /_emulator/faults`, `POST /_emulator/engine/kill`, `POST /_emulator/restart`
 * (`{ downMs }`), `GET /_emulator/requests`.
 */
export function adminRoutes(): Route[] {
  return [
    {
      methods: ['GET', 'POST', 'DELETE'],
      path: `${ADMIN_PREFIX}/faults`,
      json: true,
      handle: (route) => faultsRoute(route),
    },
    {
      methods: ['POST'],
      path: `${ADMIN_PREFIX}/engine/kill`,
      handle: ({ ctx, response }) => {
        ctx.faults.killEngine();
        sendJson(response, 200, { engine: 'dead' });
      },
    },
    {
      methods: ['POST'],
      path: `${ADMIN_PREFIX}/restart`,
      json: true,
      handle: ({ ctx, body, response }) => {
        const downMs = (body as { downMs?: unknown }).downMs ?? 1000;
        if (typeof downMs !== 'number' || !(downMs >= 0)) {
          throw badRequest("'downMs' must be a number of milliseconds >= 0.", 'downMs');
        }
        // Answer first: the restart drops this connection too.
        response.once('finish', () => void ctx.faults.restart({ downMs }).catch(() => {}));
        sendJson(response, 202, { restarting: true, downMs });
      },
    },
    {
      methods: ['GET'],
      path: `${ADMIN_PREFIX}/requests`,
      handle: ({ ctx, response }) => sendJson(response, 200, { requests: ctx.requests }),
    },
  ];
}
