import { Agent, request } from 'undici';
import type { VllmBenchmarkTransport } from '../bench/benchmark-transport';

/** Options of {@link createVllmNodeBenchmarkTransport}. */
export interface VllmNodeBenchmarkTransportOptions {
  /** Most connections per server (undici `connections`); `undefined` = one per request in flight. */
  connections?: number;
}

/** A {@link VllmBenchmarkTransport} with its own connection pool; `close()` ends it. */
export type VllmNodeBenchmarkTransport = VllmBenchmarkTransport & {
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
};

/**
 * The load generator's transport for Node: undici's `request` API on a keep-alive pool, which costs
 * about a third of the client CPU per request of `fetch` (no WHATWG Request/Response/stream
 * objects), so `benchmarkServer` can drive a fast server at its full request rate. No hidden
 * headers/body timeouts (the benchmark's `timeoutMs` applies).
 *
 * ```ts
 * await using transport = createVllmNodeBenchmarkTransport();
 * const result = await benchmarkServer({ baseURL, transport });
 * ```
 */
export function createVllmNodeBenchmarkTransport(
  options: VllmNodeBenchmarkTransportOptions = {},
): VllmNodeBenchmarkTransport {
  const agent = new Agent({
    headersTimeout: 0,
    bodyTimeout: 0,
    keepAliveTimeout: 30_000,
    ...(options.connections !== undefined ? { connections: options.connections } : {}),
  });
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= agent.destroy();
    return closing;
  };
  return {
    async send(call, onText) {
      const { statusCode, body } = await request(call.url, {
        method: call.method,
        headers: call.headers,
        body: call.body,
        signal: call.signal,
        dispatcher: agent,
      });
      body.setEncoding('utf8');
      await new Promise<void>((resolve, reject) => {
        body.on('data', onText);
        body.once('end', resolve);
        body.once('error', reject);
      });
      return statusCode;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
