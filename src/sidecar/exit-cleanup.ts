import { debug } from './debug';
import { runSyncIgnoringErrors } from './docker-cli';

/** A server to stop when this process exits. */
export interface ExitCleanupEntry {
  /** Removes the server (async path: SIGINT/SIGTERM/SIGHUP). */
  remove(): Promise<void>;
  /** Removes the server synchronously (the `exit` event allows nothing else). */
  removeSync(): void;
}

const entries = new Set<ExitCleanupEntry>();
const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let installed = false;

function onExit(): void {
  for (const entry of entries) entry.removeSync();
  entries.clear();
}

async function onSignal(signal: NodeJS.Signals): Promise<void> {
  uninstall();
  const pending = [...entries];
  entries.clear();
  await Promise.allSettled(pending.map((entry) => entry.remove()));
  // Behave as if we had not been listening: re-raise unless the application handles the signal itself.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function install(): void {
  if (installed) return;
  installed = true;
  process.once('exit', onExit);
  for (const signal of SIGNALS) process.once(signal, onSignal);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  process.removeListener('exit', onExit);
  for (const signal of SIGNALS) process.removeListener(signal, onSignal);
}

/**
 * Registers a non-reused server to be removed on exit or SIGINT/SIGTERM/SIGHUP. Returns the function
 * that unregisters it (after an explicit stop). Handlers are installed only while servers are registered.
 */
export function registerExitCleanup(entry: ExitCleanupEntry): () => void {
  entries.add(entry);
  install();
  return () => {
    entries.delete(entry);
    if (entries.size === 0) uninstall();
  };
}

/** Synchronous `docker rm -f` / `podman rm -f` for the exit handler. */
export function removeContainerSync(executable: string, id: string): void {
  debug('exit: removing container %s', id.slice(0, 12));
  runSyncIgnoringErrors(executable, ['rm', '--force', '--volumes', id]);
}
