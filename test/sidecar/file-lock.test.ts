import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireFileLock } from '../../src/sidecar/file-lock';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sidecar-lock-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('acquireFileLock', () => {
  it('serializes holders: the second waits until the first releases', async () => {
    const order: string[] = [];
    const first = await acquireFileLock('x', { directory });
    const second = acquireFileLock('x', { directory, retryIntervalMs: 5 }).then((lock) => {
      order.push('second acquired');
      return lock;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    order.push('first releases');
    await first.release();
    await (await second).release();
    expect(order).toEqual(['first releases', 'second acquired']);
  });

  it('takes over a lock whose owner process is gone', async () => {
    const dead = spawn(process.execPath, ['-e', '']);
    const deadPid = await new Promise<number>((resolve) => dead.on('exit', () => resolve(dead.pid ?? 0)));
    await writeFile(
      join(directory, 'y.lock'),
      JSON.stringify({ pid: deadPid, host: hostname(), token: 't', acquiredAt: Date.now() }),
    );
    const lock = await acquireFileLock('y', { directory, timeoutMs: 2_000 });
    expect(JSON.parse(await readFile(join(directory, 'y.lock'), 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });

  it('times out with a clear error while a live owner holds it, and can be aborted', async () => {
    const held = await acquireFileLock('z', { directory });
    await expect(
      acquireFileLock('z', { directory, timeoutMs: 100, retryIntervalMs: 10 }),
    ).rejects.toMatchObject({
      name: 'VllmSidecarError',
      message: expect.stringContaining('waiting for the lock'),
    });
    const controller = new AbortController();
    const waiting = acquireFileLock('z', { directory, signal: controller.signal, retryIntervalMs: 10 });
    controller.abort();
    await expect(waiting).rejects.toThrow();
    await held.release();
    await held.release(); // idempotent
  });
});
