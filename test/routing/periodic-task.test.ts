import { describe, expect, it, vi } from 'vitest';
import { PeriodicTask } from '../../src/routing/periodic-task';

/** Generous: other test suites share this machine's two cores. */
const WAIT = { timeout: 10_000, interval: 20 };

describe('PeriodicTask', () => {
  it('does nothing until touched, then runs at once and every interval', async () => {
    let runs = 0;
    const task = new PeriodicTask(async () => void runs++, 10, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(runs).toBe(0);
    task.touch();
    await vi.waitFor(() => expect(runs).toBeGreaterThanOrEqual(3), WAIT);
    task.stop();
  });

  it('stops by itself when nothing touched it for idleAfterMs, and restarts on the next touch', async () => {
    let time = 0;
    let runs = 0;
    const task = new PeriodicTask(
      async () => void runs++,
      5,
      100,
      () => time,
    );
    task.touch();
    await vi.waitFor(() => expect(runs).toBeGreaterThanOrEqual(2), WAIT);
    time = 100;
    await vi.waitFor(() => expect(task.active).toBe(false), WAIT);
    const stoppedAt = runs;
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(runs).toBe(stoppedAt);
    task.touch();
    expect(task.active).toBe(true);
    await vi.waitFor(() => expect(runs).toBeGreaterThan(stoppedAt), WAIT);
    task.stop();
  });

  it('keeps running after a failed run', async () => {
    let runs = 0;
    const task = new PeriodicTask(
      async () => {
        runs++;
        throw new Error('probe failed');
      },
      5,
      60_000,
    );
    task.touch();
    await vi.waitFor(() => expect(runs).toBeGreaterThanOrEqual(3), WAIT);
    task.stop();
  });

  it('aborts a run in progress on stop and never runs again', async () => {
    let signal: AbortSignal | undefined;
    let runs = 0;
    const task = new PeriodicTask(
      (runSignal) => {
        runs++;
        signal = runSignal;
        return new Promise<void>((resolve) => runSignal.addEventListener('abort', () => resolve()));
      },
      5,
      60_000,
    );
    task.touch();
    await vi.waitFor(() => expect(signal).toBeDefined(), WAIT);
    task.stop();
    expect(signal?.aborted).toBe(true);
    task.touch();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(runs).toBe(1);
  });
});
