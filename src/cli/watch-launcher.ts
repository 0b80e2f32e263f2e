import { readFileSync } from 'node:fs';
import { isLive } from '../sidecar/process-utils';

// `npx vllm-ai-provider emulate` runs as npx → `sh -c 'vllm-ai-provider emulate …'` → node. A SIGTERM
// to npx kills npx and the shell but is not passed on to node, and a SIGKILL to npx cannot be passed
// on at all: the emulator would keep listening on its port with nobody left to stop it. So the CLI
// watches whoever started it — its parent, and the parent's parent when the parent is just a shell
// running the command — and stops when one of them is gone (or when the process is re-parented).

/** Shells that launchers (`npx`, `npm exec`, `npm run`) put between themselves and the command. */
const SHELLS = new Set(['sh', 'dash', 'bash', 'zsh', 'ash', 'busybox']);

/** How often the launcher is checked. A check is two cheap syscalls. */
const CHECK_INTERVAL_MS = 500;

/** Command name, parent pid and process group of a process from Linux's /proc; `undefined` elsewhere. */
function processInfo(pid: number | 'self'): { name: string; parentPid: number; group: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // `pid (comm) state ppid pgrp …` — comm may contain spaces and parentheses: split at the last ')'.
    const close = stat.lastIndexOf(')');
    const name = stat.slice(stat.indexOf('(') + 1, close);
    const [, parentPid, group] = stat
      .slice(close + 2)
      .split(' ')
      .map(Number);
    return Number.isInteger(parentPid) ? { name, parentPid, group } : undefined;
  } catch {
    return undefined;
  }
}

/** The processes whose exit means "whoever started us is gone": the parent, and past a shell its launcher. */
function launcherPids(parentPid: number = process.ppid): number[] {
  if (parentPid <= 1) return []; // started by init / a container's PID 1, or already orphaned
  // Its own process group: started detached on purpose (`setsid`, spawn's `detached: true`, the
  // sidecar's process runtime), to outlive its starter like a daemon.
  if (processInfo('self')?.group === process.pid) return [];
  const pids = [parentPid];
  const parent = processInfo(parentPid);
  if (parent !== undefined && SHELLS.has(parent.name) && parent.parentPid > 1) pids.push(parent.parentPid);
  return pids;
}

/**
 * Calls `onGone` once when the process that started this one exits (its parent, or — when the parent
 * is a shell — the launcher above it), or when this process is re-parented. Returns a function that
 * stops watching. The timer never keeps the process alive by itself.
 */
export function watchLauncher(onGone: (reason: string) => void): () => void {
  const startParent = process.ppid;
  const pids = launcherPids(startParent);
  if (pids.length === 0) return () => {};
  const timer = setInterval(() => {
    const gone = process.ppid !== startParent ? startParent : pids.find((pid) => !isLive(pid));
    if (gone === undefined) return;
    clearInterval(timer);
    onGone(`the process that started it (pid ${gone}) exited`);
  }, CHECK_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
