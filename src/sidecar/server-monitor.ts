import { classifyStartupFailure } from './classify-startup-failure';
import type { VllmRuntime, VllmServerStats } from './runtime';
import { parseLoadMetrics, type VllmLoadMetrics } from './server-metrics';
import type { VllmSidecarErrorReason } from './vllm-sidecar-error';

/** Options of `server.monitor()`. */
export interface VllmServerMonitorOptions {
  /** Time between checks, in ms. @default 5_000 */
  intervalMs?: number;
  /** Start the server again when it exits (crash, OOM kill, `docker kill`). @default false */
  autoRestart?: boolean;
  /** Give up auto-restarting after this many restarts. @default 3 */
  maxRestarts?: number;
  /** Include `docker stats` (CPU, memory; ~1–2 s per check) in the metrics. @default true */
  stats?: boolean;
  /** Stops the monitor. */
  signal?: AbortSignal;
}

/** Figures reported with every check. */
export interface VllmServerMetrics extends VllmLoadMetrics {
  healthy: boolean;
  /** `/health` round trip. */
  latencyMs: number | undefined;
  /** CPU and memory, when `stats` is on. */
  stats?: VllmServerStats;
}

/** What the monitor reports. */
export type VllmServerEvent =
  | { type: 'ready'; baseURL: string }
  | { type: 'healthy'; latencyMs: number | undefined }
  | { type: 'unhealthy'; status: number | undefined; message: string }
  | {
      type: 'exited';
      exitCode: number | undefined;
      oomKilled: boolean;
      reason: VllmSidecarErrorReason;
      message: string;
      logTail: string[];
    }
  | { type: 'restarting'; attempt: number }
  | { type: 'restarted'; attempt: number; baseURL: string }
  | { type: 'metrics'; metrics: VllmServerMetrics }
  | { type: 'error'; error: Error };

export type VllmServerEventType = VllmServerEvent['type'];

/** A running monitor: listen with `on(type, listener)` or iterate (`for await (const event of monitor)`). */
export interface VllmServerMonitor extends AsyncIterable<VllmServerEvent>, Disposable {
  on<T extends VllmServerEventType>(
    type: T,
    listener: (event: Extract<VllmServerEvent, { type: T }>) => void,
  ): this;
  off<T extends VllmServerEventType>(
    type: T,
    listener: (event: Extract<VllmServerEvent, { type: T }>) => void,
  ): this;
  /** Restarts done so far. */
  readonly restarts: number;
  /** Stops monitoring (not the server). Idempotent. */
  stop(): void;
}

/** What the monitor needs from the server handle. */
export interface MonitoredServer {
  readonly containerId: string;
  readonly serverURL: string;
  readonly baseURL: string;
  readonly apiKey: string | undefined;
  resume(mode: 'start' | 'restart'): Promise<void>;
}

async function checkHealth(
  serverURL: string,
): Promise<{ status: number | undefined; latencyMs: number | undefined }> {
  const started = performance.now();
  try {
    const response = await fetch(`${serverURL}/health`, { signal: AbortSignal.timeout(5_000) });
    await response.body?.cancel();
    return { status: response.status, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch {
    return { status: undefined, latencyMs: undefined };
  }
}

async function loadMetrics(serverURL: string, apiKey: string | undefined): Promise<VllmLoadMetrics> {
  try {
    const response = await fetch(`${serverURL}/metrics`, {
      headers: apiKey ? { Authorization: `Bearer ${apiKey}` } : {},
      signal: AbortSignal.timeout(5_000),
    });
    return response.ok ? parseLoadMetrics(await response.text()) : {};
  } catch {
    return {};
  }
}

type Listener = (event: VllmServerEvent) => void;

/** Events kept for iterators that have not read them yet (older ones are dropped). */
const MAX_QUEUED_EVENTS = 1_000;

export function createServerMonitor(
  server: MonitoredServer,
  runtime: VllmRuntime,
  options: VllmServerMonitorOptions,
  onStop: () => void,
): VllmServerMonitor {
  const intervalMs = options.intervalMs ?? 5_000;
  const maxRestarts = options.maxRestarts ?? 3;
  const listeners = new Map<VllmServerEventType, Set<Listener>>();
  const queue: VllmServerEvent[] = [];
  const waiters: Array<() => void> = [];
  let stopped = false;
  let restarts = 0;
  let healthy: boolean | undefined;
  let exitReported = false;
  let timer: NodeJS.Timeout | undefined;

  const emit = (event: VllmServerEvent) => {
    if (stopped) return;
    for (const listener of listeners.get(event.type) ?? []) {
      try {
        listener(event);
      } catch {
        // A listener's error must not stop the monitor.
      }
    }
    queue.push(event);
    if (queue.length > MAX_QUEUED_EVENTS) queue.shift();
    for (const wake of waiters.splice(0)) wake();
  };

  const handleExit = async (exitCode: number | undefined, oomKilled: boolean) => {
    if (exitReported && !options.autoRestart) return; // reported once; wait until it runs again
    exitReported = true;
    const logTail = (await runtime.readLogs(server.containerId, { tail: 200 }).catch(() => [])).slice(-200);
    const failure = classifyStartupFailure({ logLines: logTail, exitCode, oomKilled });
    emit({
      type: 'exited',
      exitCode,
      oomKilled,
      reason: failure.reason,
      message: failure.message,
      logTail: logTail.slice(-50),
    });
    healthy = undefined;
    if (!options.autoRestart || stopped) return;
    if (restarts >= maxRestarts) {
      emit({ type: 'error', error: new Error(`Gave up after ${restarts} restart(s) (maxRestarts).`) });
      monitor.stop();
      return;
    }
    restarts += 1;
    emit({ type: 'restarting', attempt: restarts });
    await server.resume('start');
    exitReported = false;
    emit({ type: 'restarted', attempt: restarts, baseURL: server.baseURL });
    emit({ type: 'ready', baseURL: server.baseURL });
    healthy = true;
  };

  const check = async () => {
    const state = await runtime.inspect(server.containerId);
    if (stopped) return;
    if (!state?.running) {
      if (!state) {
        emit({
          type: 'error',
          error: new Error(`The server ${server.containerId.slice(0, 12)} no longer exists.`),
        });
        monitor.stop();
        return;
      }
      await handleExit(state.exitCode, state.oomKilled);
      return;
    }
    exitReported = false;
    const [health, load, stats] = await Promise.all([
      checkHealth(server.serverURL),
      loadMetrics(server.serverURL, server.apiKey),
      options.stats === false
        ? Promise.resolve(undefined)
        : runtime.stats(server.containerId, false).catch(() => undefined),
    ]);
    const isHealthy = health.status === 200;
    if (healthy === undefined && isHealthy) emit({ type: 'ready', baseURL: server.baseURL });
    else if (healthy === false && isHealthy) emit({ type: 'healthy', latencyMs: health.latencyMs });
    if (healthy !== false && !isHealthy) {
      emit({
        type: 'unhealthy',
        status: health.status,
        message:
          health.status === undefined ? '/health did not answer.' : `/health answered ${health.status}.`,
      });
    }
    healthy = isHealthy;
    emit({
      type: 'metrics',
      metrics: { healthy: isHealthy, latencyMs: health.latencyMs, ...load, ...(stats ? { stats } : {}) },
    });
  };

  const loop = async () => {
    if (stopped) return;
    try {
      await check();
    } catch (error) {
      emit({ type: 'error', error: error instanceof Error ? error : new Error(String(error)) });
    }
    if (!stopped) timer = setTimeout(loop, intervalMs);
  };

  const monitor: VllmServerMonitor = {
    on(type, listener) {
      const set = listeners.get(type) ?? new Set<Listener>();
      listeners.set(type, set);
      set.add(listener as Listener);
      return this;
    },
    off(type, listener) {
      listeners.get(type)?.delete(listener as Listener);
      return this;
    },
    get restarts() {
      return restarts;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      for (const wake of waiters.splice(0)) wake();
      onStop();
    },
    [Symbol.dispose]() {
      this.stop();
    },
    async *[Symbol.asyncIterator]() {
      for (;;) {
        const event = queue.shift();
        if (event) {
          yield event;
          continue;
        }
        if (stopped) return;
        await new Promise<void>((wake) => waiters.push(wake));
      }
    },
  };
  const onAbort = () => monitor.stop();
  options.signal?.addEventListener('abort', onAbort);
  // First check right away (on the next tick, so listeners attached after monitor() see it).
  timer = setTimeout(loop, 0);
  return monitor;
}
