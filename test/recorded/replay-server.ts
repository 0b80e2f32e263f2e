import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RecordedFixture } from './recorded-fixtures';

/** A loopback server that answers every request with one fixture's status, content type and body, byte for byte. */
export interface ReplayServer {
  /** `http://127.0.0.1:<port>` (no path). */
  readonly url: string;
  /** Method and path of every request received. */
  readonly requests: { method: string; path: string; body: string }[];
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export async function startReplayServer(fixture: RecordedFixture): Promise<ReplayServer> {
  const requests: { method: string; path: string; body: string }[] = [];
  const body = fixture.response.body + (fixture.replayAppend ?? '');
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({
        method: request.method ?? 'GET',
        path: (request.url ?? '/').split('?')[0],
        body: Buffer.concat(chunks).toString('utf8'),
      });
      response.writeHead(fixture.response.status, { 'content-type': fixture.response.contentType });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
    return closed;
  };
  return { url: `http://127.0.0.1:${port}`, requests, close, [Symbol.asyncDispose]: close };
}
