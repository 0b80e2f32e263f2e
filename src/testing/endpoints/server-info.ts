import type { Route, RouteRequest } from '../emulator-server';
import { sendJson } from '../http/respond';

function health({ ctx, response }: RouteRequest): void {
  // vLLM: 200 with an empty body; 503 once the engine is dead.
  response.writeHead(ctx.engine.isDead ? 503 : 200, { 'content-length': 0 });
  response.end();
}

/** `/health`, `/ping` (GET and POST), `/version`, `/load`. */
export function serverInfoRoutes(): Route[] {
  return [
    { methods: ['GET'], path: '/health', handle: health },
    { methods: ['GET', 'POST'], path: '/ping', handle: health },
    {
      methods: ['GET'],
      path: '/version',
      handle: ({ ctx, response }) => sendJson(response, 200, { version: ctx.profile.version }),
    },
    {
      methods: ['GET'],
      path: '/load',
      handle: ({ ctx, response }) =>
        sendJson(response, 200, { server_load: ctx.options.enableServerLoadTracking ? ctx.inFlight : 0 }),
    },
  ];
}
