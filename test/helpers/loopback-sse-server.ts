import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the loopback server sends for one request: SSE events, then `[DONE]` or a reset. */
export interface LoopbackStream {
  chunks: unknown[];
  /** Destroy the connection after the chunks instead of ending the stream with `data: [DONE]`. */
  reset?: boolean;
}

/**
 * A real HTTP server on 127.0.0.1 that answers every POST with a vLLM-framed event stream (one
 * `data:` event per chunk, each written and flushed separately). Records the request bodies.
 */
export async function startLoopbackSseServer(respond: (body: Record<string, unknown>) => LoopbackStream) {
  const bodies: Record<string, unknown>[] = [];
  const server: Server = createServer((request, response) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (piece: string) => {
      text += piece;
    });
    request.on('end', async () => {
      const body = JSON.parse(text) as Record<string, unknown>;
      bodies.push(body);
      const { chunks, reset } = respond(body);
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      for (const chunk of chunks) {
        response.write(`data: ${JSON.stringify(chunk)}\n\n`);
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (reset) response.socket?.destroy();
      else response.end('data: [DONE]\n\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    bodies,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
