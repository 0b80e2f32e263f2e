import type { FetchFunction } from '@ai-sdk/provider-utils';
import { getVllmServerFeatures } from '../provider/version/vllm-server-version';
import { createVllm, type VllmProvider, type VllmProviderSettings } from '../provider/vllm-provider';

/**
 * A provider for a started server: its base URL, API key and (when known) vLLM version, so the
 * provider never probes GET /version. The port can change when the server restarts, so requests
 * made for the original base URL are rewritten to the current one.
 */
export function createServerProvider(
  currentBaseURL: () => string,
  apiKey: string | undefined,
  version: string | undefined,
  settings: Omit<VllmProviderSettings, 'baseURL' | 'apiKey'>,
): VllmProvider {
  const createdWith = currentBaseURL();
  const baseFetch: FetchFunction = settings.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const fetch: FetchFunction = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const current = currentBaseURL();
    const moved = url.startsWith(createdWith) && current !== createdWith;
    return baseFetch(moved ? current + url.slice(createdWith.length) : input, init);
  };
  const vllmVersion =
    settings.vllmVersion ?? (version && getVllmServerFeatures(version) ? version : undefined);
  return createVllm({ ...settings, baseURL: createdWith, apiKey: apiKey ?? '', fetch, vllmVersion });
}
