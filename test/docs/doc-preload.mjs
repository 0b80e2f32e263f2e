// Loaded (`node --import`) before a documentation block runs:
// 1. Port map. The block talks to `localhost:<port>` exactly as the docs tell the reader; the test
//    started each of those servers with the same command on a free port. Connections to a mapped
//    localhost port go to that server; any other localhost port is refused, as on a machine where
//    only the documented servers run (so a block that asks a server the docs never started fails).
// 2. Prints. Every console.log line is recorded with the block line that printed it, so the test
//    can check each line against the `// prints: …` of its statement.
// 3. Requests. Every fetch (the provider's and the AI SDK's own downloads) is recorded — method, URL,
//    JSON body or form fields — so the test can check what a block put on the wire and where.
import { appendFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import { format } from 'node:util';

const portMap = JSON.parse(process.env.DOCS_PORT_MAP ?? 'null');
const outputFile = process.env.DOCS_OUTPUT_FILE;
const blockFile = process.env.DOCS_BLOCK_FILE;
const requestsFile = process.env.DOCS_REQUESTS_FILE;

if (portMap !== null) {
  const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]', undefined, '']);
  const refused = (host, port) => {
    const socket = new net.Socket();
    process.nextTick(() => {
      const error = new Error(
        `connect ECONNREFUSED ${host ?? 'localhost'}:${port} (the docs start no server on port ${port})`,
      );
      error.code = 'ECONNREFUSED';
      socket.destroy(error);
    });
    return socket;
  };
  const originalConnect = net.connect;
  const mapped = function connect(...args) {
    let options = args[0];
    if (typeof options === 'number' || (typeof options === 'string' && /^\d+$/.test(options))) {
      options = { port: Number(options), host: typeof args[1] === 'string' ? args[1] : undefined };
      args = [options, ...args.slice(typeof args[1] === 'string' ? 2 : 1)];
    }
    if (
      options !== null &&
      typeof options === 'object' &&
      options.path === undefined &&
      LOCAL_HOSTS.has(options.host)
    ) {
      const target = portMap[String(options.port)];
      if (target === undefined) return refused(options.host, options.port);
      args[0] = { ...options, host: '127.0.0.1', port: target };
    }
    return originalConnect.apply(this, args);
  };
  net.connect = mapped;
  net.createConnection = mapped;
  syncBuiltinESMExports();
}

if (outputFile !== undefined) {
  const originalLog = console.log;
  console.log = (...args) => {
    const stack = new Error().stack?.split('\n') ?? [];
    const site = stack.slice(2).find((frame) => blockFile !== undefined && frame.includes(blockFile));
    const line = site === undefined ? null : Number(/:(\d+):\d+\)?$/.exec(site)?.[1]);
    appendFileSync(outputFile, `${JSON.stringify({ line, text: format(...args) })}\n`);
    originalLog(...args);
  };
}

/** A request body as the test reads it: parsed JSON, form fields (files as `<file name>`), or null. */
function recordedBody(body) {
  if (typeof body === 'string') {
    try {
      return JSON.parse(body);
    } catch {
      return body;
    }
  }
  if (body instanceof FormData) {
    const fields = {};
    for (const [name, value] of body.entries())
      fields[name] = typeof value === 'string' ? value : `<file ${value.name ?? ''}>`;
    return fields;
  }
  return null;
}

if (requestsFile !== undefined) {
  const originalFetch = globalThis.fetch;
  globalThis.fetch = function fetch(input, init) {
    const request = input instanceof Request ? input : undefined;
    const entry = {
      method: init?.method ?? request?.method ?? 'GET',
      url: String(request?.url ?? input),
      body: recordedBody(init?.body),
    };
    appendFileSync(requestsFile, `${JSON.stringify(entry)}\n`);
    return originalFetch.call(this, input, init);
  };
}
