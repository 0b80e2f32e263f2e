import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isProcessAlive } from './container-labels';
import { VllmSidecarError } from './vllm-sidecar-error';

/** Default directory of the sidecar's lock files. */
export const DEFAULT_LOCK_DIRECTORY = join(tmpdir(), 'vllm-ai-provider-locks');

interface LockOwner {
  pid: number;
  host: string;
  token: string;
  acquiredAt: number;
}

/** Options of {@link acquireFileLock}. */
export interface FileLockOptions {
  directory?: string;
  /** Give up after this long. @default 120_000 */
  timeoutMs?: number;
  /** Take over a lock older than this even if its owner looks alive (PID reuse). @default 600_000 */
  staleMs?: number;
  retryIntervalMs?: number;
  signal?: AbortSignal;
}

/** A held lock. `release()` is idempotent and only removes the file if it is still ours. */
export interface FileLock {
  release(): Promise<void>;
}

/**
 * A cross-process lock: a file created with O_EXCL holding the owner's PID. A lock whose owner
 * died (same host, PID gone) or that is older than `staleMs` is taken over.
 */
export async function acquireFileLock(name: string, options: FileLockOptions = {}): Promise<FileLock> {
  const directory = options.directory ?? DEFAULT_LOCK_DIRECTORY;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const staleMs = options.staleMs ?? 600_000;
  const retryIntervalMs = options.retryIntervalMs ?? 50;
  const path = join(directory, `${name.replace(/[^\w.-]/g, '_')}.lock`);
  await mkdir(directory, { recursive: true });
  const owner: LockOwner = {
    pid: process.pid,
    host: hostname(),
    token: randomUUID(),
    acquiredAt: Date.now(),
  };
  const deadline = Date.now() + timeoutMs;

  for (;;) {
    options.signal?.throwIfAborted();
    try {
      const handle = await open(path, 'wx');
      try {
        await handle.writeFile(JSON.stringify({ ...owner, acquiredAt: Date.now() }));
      } finally {
        await handle.close();
      }
      return createLock(path, owner.token);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (await isStale(path, staleMs)) {
      await unlink(path).catch(() => undefined);
      continue;
    }
    if (Date.now() > deadline) {
      throw new VllmSidecarError({
        reason: 'runtime-error',
        message: `Timed out after ${timeoutMs} ms waiting for the lock ${path}.`,
        hint: 'Another process is starting the same server; if none is, delete the lock file.',
        timeoutMs,
      });
    }
    await sleep(retryIntervalMs, undefined, { signal: options.signal });
  }
}

async function isStale(path: string, staleMs: number): Promise<boolean> {
  let owner: Partial<LockOwner>;
  try {
    owner = JSON.parse(await readFile(path, 'utf8')) as Partial<LockOwner>;
  } catch {
    // Being written right now (empty) or just removed: stale only if it stayed unreadable for a while.
    const info = await stat(path).catch(() => undefined);
    return info !== undefined && Date.now() - info.mtimeMs > 5_000;
  }
  if (typeof owner.acquiredAt === 'number' && Date.now() - owner.acquiredAt > staleMs) return true;
  return owner.host === hostname() && typeof owner.pid === 'number' && !isProcessAlive(owner.pid);
}

function createLock(path: string, token: string): FileLock {
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      try {
        const owner = JSON.parse(await readFile(path, 'utf8')) as Partial<LockOwner>;
        if (owner.token === token) await unlink(path);
      } catch {
        // Already gone.
      }
    },
  };
}
