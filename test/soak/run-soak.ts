import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { SoakConfig } from './soak-config';
import { type SoakFigures, soakFigures } from './soak-figures';
import { startFleet } from './soak-fleet';
import { type ScheduleContext, scheduleKinds, soakSchedule } from './soak-schedule';
import type { ClientMessage, FaultEvent } from './soak-types';

const CLIENT = fileURLToPath(new URL('./soak-client.ts', import.meta.url));
/** How long the client may take to exit once it reported (it should take milliseconds). */
const EXIT_GRACE_MS = 15_000;

/** Everything one soak run produced. */
export interface SoakRun {
  config: SoakConfig;
  machine: { cpus: number; loadavgStart: number[]; loadavgEnd: number[]; node: string };
  /** When the first call started, and the time to the last call's end. */
  startedAt: number;
  durationMs: number;
  faultKinds: string[];
  /** Replica name → base URL. */
  replicas: Record<string, string>;
  faults: FaultEvent[];
  /** Streams each replica cut with an injected `reset-mid-stream` (times). */
  midStreamResets: Record<string, number[]>;
  client: Extract<ClientMessage, { type: 'report' }>;
  exit: { byItself: boolean; afterMs: number | undefined; code: number | null; signal: string | null };
  stderrTail: string;
  figures: SoakFigures;
}

/**
 * Runs the soak: starts the fleet here, the client in a child process (so its handles and memory
 * are the app's alone), drives the fault schedule by the client's progress, and collects it all.
 */
export async function runSoak(
  config: SoakConfig,
  onProgress: (line: string) => void = () => {},
): Promise<SoakRun> {
  const loadavgStart = loadavg();
  const fleet = await startFleet(config);
  const faults: FaultEvent[] = [];
  const steps = soakSchedule(config);
  const pending: Promise<unknown>[] = [];
  const progressHistory: Array<{ at: number; started: number }> = [];
  const context: ScheduleContext = {
    fleet,
    config,
    handles: new Map(),
    restarts: Promise.resolve(),
    msFor: (fraction) => {
      const recent = progressHistory.filter((point) => point.at >= Date.now() - 5_000);
      const first = recent[0];
      const last = recent.at(-1);
      const rate =
        first && last && last.at > first.at ? (last.started - first.started) / (last.at - first.at) : 0;
      // Calls per ms; before a rate is known, assume a calm 50 calls/s.
      return (fraction * config.calls) / (rate > 0 ? rate : 0.05);
    },
    log: (replica, kind, phase, detail) =>
      faults.push({ at: Date.now(), replica, endpoint: fleet.get(replica).baseURL, kind, phase, detail }),
  };

  const child = spawn(
    process.execPath,
    [
      '--expose-gc',
      '--import',
      'tsx',
      CLIENT,
      JSON.stringify({ config, chatURLs: fleet.chatURLs, embeddingURLs: fleet.embeddingURLs }),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  const exited = new Promise<{ at: number; code: number | null; signal: string | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ at: Date.now(), code, signal })),
  );

  let report: Extract<ClientMessage, { type: 'report' }> | undefined;
  let nextStep = 0;
  for await (const line of createInterface({ input: child.stdout })) {
    if (!line.startsWith('{')) continue;
    const message = JSON.parse(line) as ClientMessage;
    if (message.type === 'report') {
      report = message;
      break;
    }
    progressHistory.push({ at: message.at, started: message.started });
    onProgress(`${message.completed}/${config.calls} calls done`);
    while (nextStep < steps.length && message.started >= steps[nextStep].at * config.calls) {
      const step = steps[nextStep++];
      const result = step.run(context);
      if (result instanceof Promise) pending.push(result);
    }
  }
  const grace = new AbortController();
  const exit = await Promise.race([
    exited,
    delay(EXIT_GRACE_MS, undefined, { signal: grace.signal }).catch(() => undefined),
  ]);
  grace.abort();
  if (exit === undefined) child.kill('SIGKILL');
  const finalExit = exit ?? (await exited);
  await Promise.allSettled(pending);

  const midStreamResets: Record<string, number[]> = {};
  for (const [name, replica] of fleet.replicas) {
    midStreamResets[name] = replica.faults.injected
      .filter((item) => item.fault.type === 'reset-mid-stream')
      .map((item) => item.at);
  }
  await fleet.close();
  if (report === undefined) {
    throw new Error(`the soak client ended without a report (exit ${finalExit.code}): ${stderr}`);
  }
  const run: Omit<SoakRun, 'figures'> = {
    config,
    machine: { cpus: cpus().length, loadavgStart, loadavgEnd: loadavg(), node: process.version },
    // The load's span: from the first call's start to the last call's end.
    startedAt: Math.min(...report.records.map((record) => record.start)),
    durationMs:
      Math.max(...report.records.map((record) => record.end)) -
      Math.min(...report.records.map((record) => record.start)),
    faultKinds: scheduleKinds(steps),
    replicas: Object.fromEntries([...fleet.replicas].map(([name, replica]) => [name, replica.baseURL])),
    faults,
    midStreamResets,
    client: report,
    exit: {
      byItself: exit !== undefined && exit.code === 0,
      afterMs: exit === undefined ? undefined : exit.at - report.reportedAt,
      code: finalExit.code,
      signal: finalExit.signal,
    },
    stderrTail: stderr,
  };
  return { ...run, figures: soakFigures(run) };
}
