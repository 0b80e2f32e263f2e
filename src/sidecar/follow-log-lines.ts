import type { VllmRuntime } from './runtime';

/**
 * The server's log as an async iterable: the last `tail` lines, then new lines until `signal`
 * aborts, the consumer stops iterating, or the server stops. Secrets are redacted.
 */
export async function* followLogLines(
  runtime: VllmRuntime,
  id: string,
  redact: (text: string) => string,
  tail: number,
  signal?: AbortSignal,
): AsyncGenerator<string> {
  const since = new Date();
  if (tail > 0) for (const line of await runtime.readLogs(id, { tail })) yield redact(line);
  const queue: string[] = [];
  let ended = false;
  let notify: (() => void) | undefined;
  const wake = () => {
    notify?.();
    notify = undefined;
  };
  const follower = runtime.followLogs(
    id,
    (line) => {
      queue.push(redact(line));
      wake();
    },
    { since },
  );
  void follower.done.then(() => {
    ended = true;
    wake();
  });
  const onAbort = () => {
    ended = true;
    wake();
  };
  signal?.addEventListener('abort', onAbort);
  try {
    while (!signal?.aborted) {
      const line = queue.shift();
      if (line !== undefined) {
        yield line;
        continue;
      }
      if (ended) break;
      await new Promise<void>((resolveWait) => {
        notify = resolveWait;
      });
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    follower.stop();
  }
}
