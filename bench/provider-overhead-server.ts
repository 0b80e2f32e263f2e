// Child process of `npm run bench`: the emulator behind a record-once / replay cache, so every
// contender gets byte-identical responses and the server costs the same (tiny) amount for each.
// Each chat request is answered with the emulator's response for a canonical body — only
// `stream` and `max_tokens` of the client's body matter — with `ignore_eos` (exactly max_tokens
// tokens) and usage always on. Prints its base URL on stdout; stops on SIGTERM or stdin end.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startVllmEmulator } from '../src/testing';

const MODEL = 'Qwen/Qwen3-0.6B';
const emulator = await startVllmEmulator({ model: MODEL, maxNumSeqs: 4096 });

interface Recorded {
  status: number;
  contentType: string;
  body: Buffer;
}
const cache = new Map<string, Promise<Recorded>>();
let served = 0;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    request.on('data', (part: Buffer) => parts.push(part));
    request.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    request.on('error', reject);
  });
}

async function record(stream: boolean, maxTokens: number): Promise<Recorded> {
  const response = await fetch(`${emulator.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      model: MODEL,
      messages: [{ role: 'user', content: 'Benchmark prompt.' }],
      max_tokens: maxTokens,
      ignore_eos: true,
      ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
    }),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? 'application/json',
    body: Buffer.from(await response.arrayBuffer()),
  };
}

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method === 'POST' && request.url === '/v1/chat/completions') {
    const body = JSON.parse(await readBody(request)) as {
      stream?: boolean;
      max_tokens?: number;
      max_completion_tokens?: number;
    };
    const stream = body.stream === true;
    const maxTokens = body.max_tokens ?? body.max_completion_tokens ?? 16;
    const key = `${stream}:${maxTokens}`;
    let recorded = cache.get(key);
    if (recorded === undefined) {
      recorded = record(stream, maxTokens);
      cache.set(key, recorded);
    }
    const { status, contentType, body: bytes } = await recorded;
    served++;
    response.writeHead(status, { 'content-type': contentType, 'content-length': bytes.length });
    response.end(bytes);
    return;
  }
  if (request.method === 'GET' && request.url === '/_bench/stats') {
    response.end(JSON.stringify({ served, recorded: cache.size }));
    return;
  }
  // Everything else (models, version…) goes to the emulator live.
  const upstream = await fetch(`${emulator.url}${request.url}`, {
    method: request.method,
    headers: { 'content-type': 'application/json' },
    body: request.method === 'GET' ? undefined : await readBody(request),
  });
  response.writeHead(upstream.status, {
    'content-type': upstream.headers.get('content-type') ?? 'text/plain',
  });
  response.end(Buffer.from(await upstream.arrayBuffer()));
}

const server = createServer({ keepAliveTimeout: 60_000 }, (request, response) => {
  handle(request, response).catch((error: unknown) => {
    response.writeHead(500, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: { message: String(error) } }));
  });
});
// 1,000 clients connect at once: a backlog above Node's default 511 avoids SYN retries.
await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve));
process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1\n`);

const stop = () => {
  server.close();
  server.closeAllConnections();
  emulator.close().then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
