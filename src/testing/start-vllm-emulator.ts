import type { AddressInfo } from 'node:net';
import type { EmulatorContext, RecordedRequest } from './emulator-context';
import { resolveEmulatorOptions, type VllmEmulatorOptions } from './emulator-options';
import { createEmulatorServer } from './emulator-server';
import { emulatorRoutes } from './endpoints/routes';
import { Engine } from './engine/engine';
import { createPrefixCacheScheduler } from './engine/prefix-cache/create-prefix-cache-scheduler';
import { VllmMetrics } from './engine/vllm-metrics';
import { FaultController } from './faults/fault-controller';
import { createRestarter } from './faults/restart-server';
import { loadEmulatorDependencies } from './generation/emulator-dependencies';
import { ModelRegistry } from './model-registry';
import { getVersionProfile, type VersionProfile } from './version-profiles';

/** A running emulator. */
export interface VllmEmulator extends AsyncDisposable {
  /** OpenAI-compatible base URL, e.g. `http://127.0.0.1:41234/v1` (pass to `createVllm({ baseURL })`). */
  readonly baseURL: string;
  /** Server root, e.g. `http://127.0.0.1:41234` (`/health`, `/metrics`, `/version`, …). */
  readonly url: string;
  /** The bound port. */
  readonly port: number;
  /** The protocol profile in use (version string, field sets, envelope…). */
  readonly profile: VersionProfile;
  /** The HTTP routes served (path + methods), as vLLM lists them at startup. */
  readonly routes: ReadonlyArray<{ path: string; methods: readonly string[] }>;
  /** The requests received, oldest first (including rejected ones); the newest `maxRecordedRequests` are kept. */
  readonly requests: RecordedRequest[];
  /** Fault injection (see the README "Emulator" section). */
  readonly faults: FaultController;
  /** Stops listening, ends open connections and timers. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts a GPU-free vLLM look-alike speaking vLLM's OpenAI-compatible protocol on 127.0.0.1
 * (ephemeral port by default). Output is deterministic for a given prompt and seed.
 *
 * @example
 * await using emulator = await startVllmEmulator({ model: 'Qwen/Qwen3-0.6B' });
 * const vllm = createVllm({ baseURL: emulator.baseURL });
 */
export async function startVllmEmulator(options: VllmEmulatorOptions = {}): Promise<VllmEmulator> {
  const resolved = resolveEmulatorOptions(options);
  await loadEmulatorDependencies();
  const profile = getVersionProfile(resolved.version);
  const models = new ModelRegistry(
    resolved.model,
    resolved.servedModelNames,
    resolved.skipModelNameValidation,
    profile,
  );
  const metrics = new VllmMetrics(profile, models.primaryName, resolved.maxModelLen);
  const engine = new Engine(
    {
      maxNumSeqs: resolved.maxNumSeqs,
      timeToFirstTokenMs: resolved.timeToFirstTokenMs,
      tokensPerSecond: resolved.tokensPerSecond,
      prefillTokensPerSecond: resolved.prefillTokensPerSecond,
    },
    metrics,
    createPrefixCacheScheduler(resolved.prefixCache, profile, resolved.maxModelLen),
  );
  const ctx: EmulatorContext = {
    options: resolved,
    profile,
    engine,
    metrics,
    models,
    faults: new FaultController(resolved.seed, {
      killEngine: () => {
        if (engine.isDead) return;
        engine.kill();
        resolved.onEngineDeath?.();
      },
      restart: (downMs) => restart(downMs),
    }),
    requests: [],
    startedAt: Math.floor(Date.now() / 1000),
    inFlight: 0,
  };
  if (resolved.enableLora) {
    for (const lora of resolved.loraModules) models.addAdapter(lora.name, lora.path, lora.baseModelName);
  }
  const routes = emulatorRoutes(ctx);
  const server = createEmulatorServer(ctx, routes);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  let closing: Promise<void> | undefined;
  const restart = createRestarter({
    server,
    port,
    host: resolved.host,
    resetEngine: () => engine.restart(),
    closed: () => closing !== undefined,
  });
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      engine.close();
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  };
  return {
    baseURL: `${url}/v1`,
    url,
    port,
    profile,
    routes: routes
      .filter((route) => !route.path.startsWith('/_emulator'))
      .map(({ path, methods }) => ({ path, methods })),
    requests: ctx.requests,
    faults: ctx.faults,
    close,
    [Symbol.asyncDispose]: close,
  };
}
