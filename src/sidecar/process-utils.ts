import { accessSync, constants as fsConstants, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { constants as osConstants } from 'node:os';
import { delimiter, isAbsolute, join } from 'node:path';
import { isProcessAlive } from './container-labels';
import { type ProcessServerState, readProcessStartTime } from './process-state';

/** Finds an executable on PATH (or checks an explicit path). */
export function findExecutable(executable: string, path = process.env.PATH ?? ''): string | undefined {
  const candidates =
    isAbsolute(executable) || executable.includes('/')
      ? [executable]
      : path
          .split(delimiter)
          .filter(Boolean)
          .map((dir) => join(dir, executable));
  return candidates.find((candidate) => {
    try {
      accessSync(candidate, fsConstants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export async function findFreePort(host: string): Promise<number> {
  return new Promise((resolvePort, rejectPort) => {
    const server = createServer();
    server.once('error', rejectPort);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export function signalExitCode(signal: string | undefined): number | undefined {
  if (signal === undefined) return undefined;
  const number = (osConstants.signals as Record<string, number>)[signal];
  return number === undefined ? undefined : 128 + number;
}

/** Alive and not a zombie (a zombie still answers `kill(pid, 0)`). */
export function isLive(pid: number): boolean {
  if (!isProcessAlive(pid)) return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

export function isRunning(state: ProcessServerState): boolean {
  if (state.stopped || state.exitCode !== undefined || !isLive(state.pid)) return false;
  const startTime = readProcessStartTime(state.pid);
  return (
    state.processStartTime === undefined || startTime === undefined || startTime === state.processStartTime
  );
}

/** Signals the process group (the server and its children), else the process. */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}
