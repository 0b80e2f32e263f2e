import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { VllmRestartResult } from './fault-types';

/** What a restart needs from the running emulator. */
export interface RestartTarget {
  readonly server: Server;
  readonly port: number;
  readonly host: string;
  /** Ends the engine's jobs and gives it a fresh start (a dead engine comes back). */
  resetEngine(): void;
  /** Whether the emulator was closed for good (then it stays down). */
  closed(): boolean;
}

/**
 * Returns the function that restarts `target.server` on the same port: it stops listening (new
 * connections are refused), drops every open connection, resets the engine, waits `downMs` and
 * listens again. Restarts do not overlap: a second one waits for the first.
 */
export function createRestarter(target: RestartTarget): (downMs: number) => Promise<VllmRestartResult> {
  const sockets = new Set<Socket>();
  target.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  let serving = 0;
  target.server.on('request', (_request: IncomingMessage, response: ServerResponse) => {
    serving++;
    response.once('close', () => serving--);
  });
  let previous: Promise<unknown> = Promise.resolve();
  return (downMs) => {
    const run = previous.then(async () => {
      const droppedRequests = serving;
      const droppedConnections = sockets.size;
      const closed = new Promise<void>((resolve) => target.server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      target.resetEngine();
      await Promise.all([closed, new Promise((resolve) => setTimeout(resolve, downMs))]);
      if (!target.closed()) await listenAgain(target);
      return { droppedRequests, droppedConnections };
    });
    previous = run.catch(() => undefined);
    return run;
  };
}

/** Listens on the same port; retries briefly if the port is still held by the previous socket. */
async function listenAgain(target: RestartTarget): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await new Promise<void>((resolve, reject) => {
        target.server.once('error', reject);
        target.server.listen(target.port, target.host, () => {
          target.server.off('error', reject);
          resolve();
        });
      });
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'EADDRINUSE' || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
