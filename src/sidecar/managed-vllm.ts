import { APICallError } from '@ai-sdk/provider';
import type { FetchFunction } from '@ai-sdk/provider-utils';
import { createVllm, type VllmProvider, type VllmProviderSettings } from '../provider/vllm-provider';
import { resolveVllmServerOptions } from './resolve-vllm-server-options';
import type { StartedVllmServer } from './started-vllm-server';
import type { VllmServerOptions } from './vllm-server-options';
import { VllmSidecarError } from './vllm-sidecar-error';

/** Options of `createManagedVllm()`: the server's options plus the provider's. */
export interface ManagedVllmOptions extends VllmServerOptions {
  /** Provider settings (name, headers, fetch); the base URL and API key come from the server. */
  provider?: Omit<VllmProviderSettings, 'baseURL' | 'apiKey'>;
}

/** A provider that starts (or, with `reuse`, attaches to) its own vLLM server on the first request. */
export interface ManagedVllmProvider extends VllmProvider {
  /** The served model name (known before the server starts). */
  readonly modelId: string;
  /** The started server, once the first request (or `startServer()`) started it. */
  readonly startedServer: StartedVllmServer | undefined;
  /** Starts the server now (or returns the one starting/started); concurrent calls share one start. */
  startServer(): Promise<StartedVllmServer>;
  /** Stops the server (aborting a start in progress), then closes the provider. Later requests fail. Idempotent. */
  close(): Promise<void>;
  /** Same as `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

const PLACEHOLDER_BASE_URL = 'http://managed-vllm.invalid/v1';

function urlOf(input: Parameters<FetchFunction>[0]): string {
  return typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal | null | undefined): Promise<T> {
  if (!signal) return promise;
  signal.throwIfAborted();
  return new Promise<T>((resolvePromise, rejectPromise) => {
    const onAbort = () => rejectPromise(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolvePromise(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        rejectPromise(error);
      },
    );
  });
}

/** Builds a managed provider around `start` (internal; see `createManagedVllm`). */
export function createManagedVllmWith(
  options: ManagedVllmOptions,
  start: (options: VllmServerOptions) => Promise<StartedVllmServer>,
  settings: VllmServerOptions = {},
  env: Readonly<Record<string, string | undefined>> = process.env,
): ManagedVllmProvider {
  const { provider: providerSettings = {}, ...serverOptions } = options;
  // Validate now, so bad options fail at creation rather than on the first request.
  const resolved = resolveVllmServerOptions(serverOptions, settings, env);
  const controller = new AbortController();
  let starting: Promise<StartedVllmServer> | undefined;
  let server: StartedVllmServer | undefined;
  let closed: Promise<void> | undefined;

  const ensureStarted = (): Promise<StartedVllmServer> => {
    if (closed) {
      return Promise.reject(
        new VllmSidecarError({ reason: 'runtime-error', message: 'The managed vLLM provider was closed.' }),
      );
    }
    starting ??= start({
      ...serverOptions,
      signal: serverOptions.signal
        ? AbortSignal.any([serverOptions.signal, controller.signal])
        : controller.signal,
    }).then(
      (started) => {
        server = started;
        return started;
      },
      (error: unknown) => {
        starting = undefined; // the next request tries again
        throw error;
      },
    );
    return starting;
  };

  const baseFetch: FetchFunction = providerSettings.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const fetch: FetchFunction = async (input, init) => {
    const url = urlOf(input);
    let started: StartedVllmServer;
    try {
      started = await abortable(ensureStarted(), init?.signal);
    } catch (error) {
      if (!VllmSidecarError.isInstance(error)) throw error;
      throw new APICallError({
        message: `The vLLM server could not be started: ${error.shortMessage}`,
        url,
        requestBodyValues: init?.body,
        cause: error,
        isRetryable: false,
      });
    }
    const target = url.startsWith(PLACEHOLDER_BASE_URL)
      ? started.baseURL + url.slice(PLACEHOLDER_BASE_URL.length)
      : input;
    return baseFetch(target, init);
  };

  const provider = createVllm({
    ...providerSettings,
    baseURL: PLACEHOLDER_BASE_URL,
    apiKey: resolved.apiKey ?? '',
    fetch,
  });
  const closeProvider = provider.close;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      controller.abort(new Error('The managed vLLM provider was closed.'));
      const current = server ?? (await starting?.catch(() => undefined));
      try {
        await current?.stop();
      } finally {
        await closeProvider();
      }
    })();
    return closed;
  };
  Object.defineProperties(provider, {
    modelId: { value: resolved.servedModelNames[0], enumerable: true },
    startedServer: { get: () => server, enumerable: true },
    startServer: { value: ensureStarted },
    close: { value: close },
    [Symbol.asyncDispose]: { value: close },
  });
  return provider as unknown as ManagedVllmProvider;
}
