import type { Agent } from 'undici';
import type { VllmBenchmarkTransport } from '../bench/benchmark-transport';
import { Http1Client } from './http1-client';
import { loadUndici } from './load-undici';

/** A {@link VllmBenchmarkTransport} with its own connections; `close()` ends them. */
export type VllmNodeBenchmarkTransport = VllmBenchmarkTransport & {
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
};

/**
 * The load generator's transport for Node. `http:` servers get a minimal HTTP/1.1 keep-alive
 * client on raw TCP sockets (about a fifth of the client CPU per request of `fetch`, a third of
 * undici's), so `benchmarkServer` keeps up with what `wrk` gets from the same server even when
 * the client shares its core; `https:` goes through undici. No hidden headers/body timeouts (the
 * benchmark's `timeoutMs` applies).
 *
 * ```ts
 * await using transport = createVllmNodeBenchmarkTransport();
 * const result = await benchmarkServer({ baseURL, transport });
 * ```
 */
export function createVllmNodeBenchmarkTransport(): VllmNodeBenchmarkTransport {
  const plain = new Http1Client();
  let tls: Agent | undefined;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      plain.close();
      await tls?.destroy();
    })();
    return closing;
  };
  return {
    async send(call, onText) {
      if (call.url.startsWith('http:')) {
        return plain.request(
          call.url,
          { method: call.method, headers: call.headers, body: call.body, signal: call.signal },
          onText,
        );
      }
      const undici = await loadUndici('createVllmNodeBenchmarkTransport (https: servers)');
      tls ??= new undici.Agent({ headersTimeout: 0, bodyTimeout: 0, keepAliveTimeout: 30_000 });
      const { statusCode, body } = await undici.request(call.url, {
        method: call.method,
        headers: call.headers,
        body: call.body,
        signal: call.signal,
        dispatcher: tls,
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
