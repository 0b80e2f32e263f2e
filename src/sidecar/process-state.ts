import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { VllmServerStats } from './runtime';

// The `process` runtime keeps one directory per server (state.json + server.log), so servers
// started by other processes can be listed, reused and reaped like labelled containers.

/** Where the process runtime keeps its servers' state. Env `VLLM_SIDECAR_STATE_DIR` overrides. */
export function defaultStateDirectory(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  return env.VLLM_SIDECAR_STATE_DIR || join(homedir(), '.cache', 'vllm-ai-provider', 'servers');
}

/** What is recorded about a `vllm serve` process. Secret-free. */
export interface ProcessServerState {
  id: string;
  pid: number;
  /** `/proc/<pid>/stat` start time, to tell a reused PID apart (Linux only). */
  processStartTime: string | undefined;
  labels: Record<string, string>;
  host: string;
  port: number;
  executable: string;
  args: string[];
  createdAt: string;
  startedAt: string;
  /** Byte offset of the log where the latest start begins. */
  logOffset: number;
  exitCode: number | undefined;
  stopped: boolean;
}

export function stateFile(directory: string, id: string): string {
  return join(directory, id, 'state.json');
}

export function logFile(directory: string, id: string): string {
  return join(directory, id, 'server.log');
}

/** Writes the state atomically. With `create: false`, does nothing once the server was removed. */
export async function writeState(
  directory: string,
  state: ProcessServerState,
  options: { create?: boolean } = {},
): Promise<void> {
  const serverDirectory = join(directory, state.id);
  if (options.create === false && !existsSync(serverDirectory)) return;
  await mkdir(serverDirectory, { recursive: true });
  const path = stateFile(directory, state.id);
  const temporary = `${path}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(temporary, JSON.stringify(state, null, 2));
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    if (options.create !== false) throw error;
  }
}

export async function readState(directory: string, id: string): Promise<ProcessServerState | undefined> {
  try {
    return JSON.parse(await readFile(stateFile(directory, id), 'utf8')) as ProcessServerState;
  } catch {
    return undefined;
  }
}

export async function readAllStates(directory: string): Promise<ProcessServerState[]> {
  let entries: string[];
  try {
    entries = await readdir(directory);
  } catch {
    return [];
  }
  const states = await Promise.all(entries.map((id) => readState(directory, id)));
  return states.filter((state): state is ProcessServerState => state !== undefined);
}

/** Field 22 of `/proc/<pid>/stat` (start time in clock ticks), or undefined off Linux. */
export function readProcessStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

interface ProcStat {
  pid: number;
  processGroup: number;
  cpuTicks: number;
  rssPages: number;
}

function readProcStats(): ProcStat[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return [];
  }
  const stats: ProcStat[] = [];
  for (const entry of entries) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      stats.push({
        pid: Number(entry),
        processGroup: Number(fields[2]),
        cpuTicks: Number(fields[11]) + Number(fields[12]),
        rssPages: Number(fields[21]),
      });
    } catch {
      // The process ended while we looked.
    }
  }
  return stats;
}

/** CPU (percent of one core, sampled over `sampleMs`) and resident memory of a process group (Linux). */
export async function processGroupStats(processGroup: number, sampleMs = 250): Promise<VllmServerStats> {
  const sum = () =>
    readProcStats()
      .filter((stat) => stat.processGroup === processGroup)
      .reduce(
        (total, stat) => ({
          cpu: total.cpu + stat.cpuTicks,
          rss: total.rss + stat.rssPages,
          count: total.count + 1,
        }),
        {
          cpu: 0,
          rss: 0,
          count: 0,
        },
      );
  const first = sum();
  if (first.count === 0) return {};
  await new Promise((resolveSleep) => setTimeout(resolveSleep, sampleMs));
  const second = sum();
  const ticksPerSecond = 100;
  return {
    cpuPercent: Math.max(
      0,
      Math.round(((second.cpu - first.cpu) / ticksPerSecond / (sampleMs / 1000)) * 10_000) / 100,
    ),
    memoryBytes: second.rss * 4096,
  };
}
