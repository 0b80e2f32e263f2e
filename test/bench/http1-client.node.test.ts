import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Http1Client } from '../../src/node/http1-client';
import { Http1ResponseParser } from '../../src/node/http1-response-parser';

/** Feeds `raw` to a parser in pieces of `size` bytes; returns the text, the head and leftover bytes. */
function parse(raw: Buffer, size: number, noBody = false) {
  let text = '';
  const parser = new Http1ResponseParser((piece) => {
    text += piece;
  }, noBody);
  let rest: Buffer | undefined;
  for (let offset = 0; offset < raw.length && !parser.done; offset += size) {
    rest = parser.feed(raw.subarray(offset, offset + size));
  }
  return { text, head: parser.head, done: parser.done, rest, parser };
}

describe('Http1ResponseParser', () => {
  const body = 'data: {"content":"héllo €"}\n\ndata: [DONE]\n\n';
  const chunked = Buffer.from(
    `HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n` +
      `${Buffer.byteLength(body.slice(0, 20)).toString(16)}\r\n${body.slice(0, 20)}\r\n` +
      `${Buffer.byteLength(body.slice(20)).toString(16)}\r\n${body.slice(20)}\r\n0\r\n\r\n`,
  );

  it.each([1, 2, 3, 7, 64, 4096])(
    'chunked body, fed %i bytes at a time (UTF-8 split across reads)',
    (size) => {
      const { text, head, done, rest } = parse(chunked, size);
      expect(done).toBe(true);
      expect(head).toEqual({ status: 200, keepAlive: true });
      expect(text).toBe(body);
      expect(rest?.length ?? 0).toBe(0);
    },
  );

  it('Content-Length body; Connection: close; bytes after the response are handed back', () => {
    const raw = Buffer.from(
      `HTTP/1.1 404 Not Found\r\nContent-Length: 11\r\nConnection: close\r\n\r\n{"a":"bcd"}EXTRA`,
    );
    const { text, head, rest } = parse(raw, raw.length);
    expect(head).toEqual({ status: 404, keepAlive: false });
    expect(text).toBe('{"a":"bcd"}');
    expect(rest?.toString()).toBe('EXTRA');
  });

  it('no framing header: the body runs until the connection closes; HTTP/1.0 is not kept alive', () => {
    const { parser, head, done } = parse(Buffer.from('HTTP/1.0 200 OK\r\n\r\nabc'), 4);
    expect(done).toBe(false);
    expect(head).toEqual({ status: 200, keepAlive: false });
    expect(parser.end()).toBe(true);
  });

  it('204 and HEAD have no body; a truncated body is not complete at close', () => {
    expect(parse(Buffer.from('HTTP/1.1 204 No Content\r\n\r\n'), 100).done).toBe(true);
    expect(parse(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n'), 100, true).done).toBe(true);
    const truncated = parse(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab'), 100);
    expect(truncated.done).toBe(false);
    expect(truncated.parser.end()).toBe(false);
  });

  it('rejects what is not HTTP/1.x and malformed chunk sizes', () => {
    expect(() => parse(Buffer.from('SSH-2.0-OpenSSH\r\n\r\n'), 100)).toThrow('not an HTTP/1.x response');
    expect(() =>
      parse(Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'), 100),
    ).toThrow('malformed chunk size "zz"');
  });
});

describe('Http1Client', () => {
  let server: Server | undefined;
  let client: Http1Client | undefined;
  afterEach(async () => {
    client?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server = undefined;
  });

  async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
    server = createServer(handler);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('sends method, path, headers and body; reuses the connection', async () => {
    const seen: {
      method?: string;
      url?: string;
      headers: Record<string, unknown>;
      body: string;
      socket: unknown;
    }[] = [];
    const url = await listen((request, response) => {
      let body = '';
      request.on('data', (piece) => (body += piece));
      request.on('end', () => {
        seen.push({
          method: request.method,
          url: request.url,
          headers: request.headers,
          body,
          socket: request.socket,
        });
        response.end(`echo ${body}`);
      });
    });
    client = new Http1Client();
    const texts: string[] = [];
    for (const body of ['{"x":"é"}', '{"y":2}']) {
      let text = '';
      const status = await client.request(
        `${url}/v1/chat/completions?a=1`,
        { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer k' }, body },
        (piece) => (text += piece),
      );
      expect(status).toBe(200);
      texts.push(text);
    }
    expect(texts).toEqual(['echo {"x":"é"}', 'echo {"y":2}']);
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: '/v1/chat/completions?a=1',
      headers: { 'content-type': 'application/json', authorization: 'Bearer k', 'content-length': '10' },
    });
    expect(seen[1].socket).toBe(seen[0].socket);
  });

  it('retries once on a fresh connection when the server closed the idle one', async () => {
    let requests = 0;
    const url = await listen((_request, response) => {
      requests++;
      response.end('ok');
    });
    server!.keepAliveTimeout = 50;
    client = new Http1Client();
    await client.request(url, { method: 'GET', headers: {} }, () => {});
    await new Promise((resolve) => setTimeout(resolve, 200));
    let text = '';
    expect(await client.request(url, { method: 'GET', headers: {} }, (piece) => (text += piece))).toBe(200);
    expect(text).toBe('ok');
    expect(requests).toBe(2);
  });

  it('a connection reset before the response rejects; abort rejects with the reason; line breaks in headers are refused', async () => {
    const url = await listen((request, response) => {
      if (request.url === '/reset') request.socket.resetAndDestroy();
      else if (request.url === '/hang') response.writeHead(200, { 'content-type': 'text/event-stream' });
      else response.end();
    });
    client = new Http1Client();
    await expect(client.request(`${url}/reset`, { method: 'GET', headers: {} }, () => {})).rejects.toThrow();
    const controller = new AbortController();
    const pending = client.request(
      `${url}/hang`,
      { method: 'GET', headers: {}, signal: controller.signal },
      () => {},
    );
    setTimeout(() => controller.abort(new Error('enough')), 50);
    await expect(pending).rejects.toThrow('enough');
    await expect(client.request(url, { method: 'GET', headers: { x: 'a\r\nb' } }, () => {})).rejects.toThrow(
      'header "x" contains a line break',
    );
    await expect(
      client.request('https://example.com/', { method: 'GET', headers: {} }, () => {}),
    ).rejects.toThrow('only speaks http:');
  });
});
