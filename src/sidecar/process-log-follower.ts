import { open } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { LineSplitter } from './log-lines';
import { logFile, readState } from './process-state';
import { isRunning } from './process-utils';
import type { LogFollower, LogLineHandler } from './runtime';

/**
 * Follows a process server's log file (stdout and stderr both go there): reads what is new every
 * 50 ms until the process ends or `stop()`; `flush()` reads what is pending right away.
 */
export function followLogFile(
  directory: string,
  id: string,
  onLine: LogLineHandler,
  options: { since?: Date } = {},
): LogFollower {
  let stopped = false;
  const splitter = new LineSplitter();
  const buffer = Buffer.alloc(64 * 1024);
  let offset: number | undefined;
  let reading = Promise.resolve(0);
  // Reads everything written since the last read; serialized so lines stay in order.
  const readAvailable = (): Promise<number> => {
    reading = reading.then(async () => {
      if (offset === undefined) {
        const state = await readState(directory, id);
        offset = options.since && state ? state.logOffset : 0;
      }
      const handle = await open(logFile(directory, id), 'r').catch(() => undefined);
      if (!handle) return 0;
      let total = 0;
      try {
        for (;;) {
          const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
          if (bytesRead === 0) break;
          offset += bytesRead;
          total += bytesRead;
          for (const line of splitter.push(buffer.subarray(0, bytesRead).toString('utf8')))
            onLine(line, 'stdout');
        }
      } finally {
        await handle.close();
      }
      return total;
    });
    return reading;
  };
  const done = (async () => {
    for (let idle = 0; !stopped; ) {
      if ((await readAvailable()) > 0) {
        idle = 0;
        continue;
      }
      idle += 1;
      if (idle % 5 === 0) {
        const state = await readState(directory, id);
        if (!state || !isRunning(state)) {
          await readAvailable();
          break;
        }
      }
      await sleep(50);
    }
    for (const line of splitter.flush()) onLine(line, 'stdout');
  })();
  return {
    done: done.catch(() => undefined),
    stop: () => {
      stopped = true;
    },
    flush: async () => {
      await readAvailable().catch(() => 0);
    },
  };
}
