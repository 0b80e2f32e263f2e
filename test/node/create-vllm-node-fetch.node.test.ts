import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateText } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVllm, VllmRoutingError } from '../../src';
import { createVllmNodeFetch } from '../../src/node';
import { CHAT_COMPLETION } from '../helpers/vllm-fixtures';

/** A server that sends its headers only after `?delay=` (or `x-delay`) ms, like a non-streamed generation. */
let server: Server;
let baseURL: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const delay = Number(
      new URL(request.url ?? '/', 'http://x').searchParams.get('delay') ?? request.headers['x-delay'] ?? 400,
    );
    const timer = setTimeout(() => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(CHAT_COMPLETION));
    }, delay);
    response.on('close', () => clearTimeout(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('createVllmNodeFetch', () => {
  it('waits past a headers delay by default (1 hour limit instead of 300 s)', async () => {
    await using fetch = createVllmNodeFetch();
    const response = await fetch(`${baseURL}/v1/chat/completions?delay=300`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ object: 'chat.completion' });
  });

  it('applies the headersTimeoutMs it is given (the undici limit Node hard-codes to 300 s)', async () => {
    await using fetch = createVllmNodeFetch({ headersTimeoutMs: 100 });
    const error = await fetch(`${baseURL}/v1/x?delay=2000`, { method: 'POST', body: '{}' }).catch(
      (e: unknown) => e,
    );
    expect((error as Error & { cause?: { code?: string } }).cause?.code).toBe('UND_ERR_HEADERS_TIMEOUT');
  });

  it('rejects bad options naming them', () => {
    expect(() => createVllmNodeFetch({ bodyTimeoutMs: -1 })).toThrow(
      /bodyTimeoutMs must be a number of milliseconds >= 0/,
    );
  });

  it('works as the provider fetch, with the provider timeouts as the limits', async () => {
    await using fetch = createVllmNodeFetch();
    const provider = createVllm({ baseURL: `${baseURL}/v1`, fetch, headersTimeoutMs: 5_000 });
    const { text } = await generateText({ model: provider('m'), prompt: 'hi', maxRetries: 0 });
    expect(text).toBe('Hello from vLLM.');
    await provider.close();
  });

  it("explains Node's 300 s limit when the runtime gives up before headersTimeoutMs, without failing over", async () => {
    // A fetch with a short undici headers limit stands in for Node's built-in one (300 s).
    await using fetch = createVllmNodeFetch({ headersTimeoutMs: 100 });
    const provider = createVllm({
      endpoints: [`${baseURL}/v1`, `${baseURL.replace('127.0.0.1', 'localhost')}/v1`],
      fetch,
      headersTimeoutMs: 900_000,
      healthCheck: false,
      headers: { 'x-delay': '3000' },
    });
    const error = await generateText({ model: provider('m'), prompt: 'hi', maxRetries: 0 }).catch(
      (e: unknown) => e,
    );
    expect(VllmRoutingError.isInstance(error)).toBe(true);
    const routingError = error as VllmRoutingError;
    expect(routingError.attempts).toHaveLength(1);
    expect(routingError.isRetryable).toBe(false);
    expect(routingError.message).toContain("Node's built-in fetch waits at most 300 s");
    expect(routingError.message).toMatch(/createVllmNodeFetch\(\).* from 'vllm-ai-provider\/node'/);
    await provider.close();
  });
});
