import type { FetchFunction, Resolvable } from '@ai-sdk/provider-utils';
import { toServerURL, type VllmConnection } from '../connection/vllm-settings';
import type { VllmServerCapabilityHints } from './vllm-server-capabilities';
import { fetchVllmServerVersion } from './vllm-server-version';
import {
  createVllmServerVersionResolver,
  type VllmServerVersionResolver,
} from './vllm-server-version-resolver';

/** What a chat or completion model needs from its server beyond the OpenAI endpoint. */
export interface VllmModelServer {
  /** The resolved connection (for `GET /version` and the `/v1/models` lookup on a 404). */
  connection: Pick<VllmConnection, 'baseURL' | 'serverURL' | 'headers' | 'fetch'>;
  /** The provider instance's shared server-version resolver. */
  version: VllmServerVersionResolver;
  /** What the server was started with, when known (`serverCapabilities` setting). */
  capabilities?: VllmServerCapabilityHints;
}

/** Creates the server access `createVllm()` shares between the models of one provider instance. */
export function createVllmModelServer(
  connection: VllmConnection,
  vllmVersion: string | undefined,
  capabilities?: VllmServerCapabilityHints,
): VllmModelServer {
  return {
    connection,
    capabilities,
    version: createVllmServerVersionResolver({
      setting: vllmVersion,
      probe: () => fetchVllmServerVersion(connection),
    }),
  };
}

/**
 * Server access for a model constructed without one (directly, or after workflow deserialization):
 * derived from the model's own `url`, `headers` and `fetch`, probing per model instance.
 */
export function modelServerFromConfig(
  config: {
    url: (options: { modelId: string; path: string }) => string;
    headers?: Resolvable<Record<string, string | undefined>>;
    fetch?: FetchFunction;
    vllmVersion?: string;
  },
  modelId: string,
): VllmModelServer {
  const baseURL = () => config.url({ modelId, path: '' });
  const headers = (): Record<string, string | undefined> => {
    const value = typeof config.headers === 'function' ? config.headers() : config.headers;
    return value === undefined || 'then' in value ? {} : (value as Record<string, string | undefined>);
  };
  const connection = {
    baseURL,
    serverURL: () => toServerURL(baseURL()),
    headers,
    fetch: config.fetch ?? ((input, init) => globalThis.fetch(input, init)),
  } satisfies VllmModelServer['connection'];
  return {
    connection,
    version: createVllmServerVersionResolver({
      setting: config.vllmVersion,
      probe: () => fetchVllmServerVersion(connection),
    }),
  };
}
