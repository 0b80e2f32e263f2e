import type { Route } from '../emulator-server';
import { sendText } from '../http/respond';

/** `GET /metrics`: vLLM's Prometheus metrics (names per version profile). */
export function metricsRoutes(): Route[] {
  return [
    {
      methods: ['GET'],
      path: '/metrics',
      handle: ({ ctx, response }) =>
        sendText(response, 200, ctx.metrics.render(), 'text/plain; version=0.0.4; charset=utf-8'),
    },
  ];
}
