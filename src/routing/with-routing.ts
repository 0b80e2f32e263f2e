import {
  createVllmFetch,
  toServerURL,
  type VllmConnection,
  type VllmConnectionSettings,
} from '../provider/connection/vllm-settings';
import { resolveRoutingSettings } from './resolve-routing-settings';
import { hasRoutingSettings, type VllmRoutingSettings } from './routing-settings';
import { createVllmRouter, type VllmRouter, type VllmRoutingStats } from './vllm-router';

/** A connection, plus its router when routing settings were given. */
export interface RoutedVllmConnection extends VllmConnection {
  readonly router: VllmRouter | undefined;
  /** With a router: a direct connection to each endpoint (for per-replica server-client reads). */
  readonly endpointConnections?: () => Array<VllmConnection & { label: string }>;
}

/**
 * Puts the multi-endpoint router between the models and the transport when any routing setting is
 * given; otherwise returns the connection unchanged (no routing overhead). The router validates its
 * settings here, at `createVllm()` time, so bad settings fail before any request.
 */
export function withRouting(
  connection: VllmConnection,
  settings: VllmConnectionSettings & VllmRoutingSettings,
): RoutedVllmConnection {
  if (!hasRoutingSettings(settings)) return { ...connection, router: undefined };
  const resolved = resolveRoutingSettings(settings, connection.baseURL);
  const router = createVllmRouter(resolved, { fetch: settings.fetch, headers: connection.headers });
  return {
    ...connection,
    baseURL: () => router.baseURL,
    serverURL: () => toServerURL(router.baseURL),
    fetch: createVllmFetch(router.fetch),
    router,
    endpointConnections: () =>
      router.endpoints.map((endpoint) => ({
        label: endpoint.label,
        baseURL: () => endpoint.baseURL,
        serverURL: () => endpoint.serverURL,
        headers: endpoint.headers,
        fetch: createVllmFetch(endpoint.fetch),
      })),
  };
}

/** What `provider.stats()` returns for a provider without routing settings. */
export const NO_ROUTING_STATS: VllmRoutingStats = Object.freeze({
  inFlight: 0,
  queued: 0,
  rejected: 0,
  endpoints: [],
}) as VllmRoutingStats;
