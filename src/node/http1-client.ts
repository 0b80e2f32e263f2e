import { connect, type Socket } from 'node:net';
import { Http1ResponseParser } from './http1-response-parser';

/** One request of {@link Http1Client}. */
export interface Http1Request {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

interface Target {
  origin: string;
  host: string;
  port: number;
  /** `Host` header value. */
  authority: string;
  path: string;
}

/**
 * A minimal HTTP/1.1 keep-alive client over plain TCP for the load generator: one request per
 * connection at a time, idle connections reused (unref'd while idle, so a forgotten `close()` does
 * not keep the process alive), request head and body written in one `write`, no per-request
 * objects beyond the parser. A request that fails on a reused connection before any response
 * byte (the server closed it while idle) is retried once on a new connection.
 */
export class Http1Client {
  private readonly idle = new Map<string, Socket[]>();
  private readonly sockets = new Set<Socket>();
  private readonly targets = new Map<string, Target>();
  private closed = false;

  request(url: string, request: Http1Request, onText: (text: string) => void): Promise<number> {
    if (this.closed) return Promise.reject(new Error('the benchmark transport is closed'));
    request.signal?.throwIfAborted();
    let target: Target;
    try {
      target = this.target(url);
    } catch (error) {
      return Promise.reject(error);
    }
    let head = `${request.method} ${target.path} HTTP/1.1\r\nhost: ${target.authority}\r\n`;
    for (const name in request.headers) {
      const value = request.headers[name];
      if (/[\r\n]/.test(name) || /[\r\n]/.test(value)) {
        return Promise.reject(new TypeError(`header ${JSON.stringify(name)} contains a line break`));
      }
      head += `${name}: ${value}\r\n`;
    }
    const { body } = request;
    const text =
      body === undefined ? `${head}\r\n` : `${head}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    return this.attempt(target, text, request, onText, true);
  }

  /** Destroys every connection. */
  close(): void {
    this.closed = true;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    this.idle.clear();
  }

  private target(url: string): Target {
    let target = this.targets.get(url);
    if (target === undefined) {
      const parsed = new URL(url);
      if (parsed.protocol !== 'http:')
        throw new Error(`Http1Client only speaks http:, got ${parsed.protocol}`);
      const port = parsed.port === '' ? 80 : Number(parsed.port);
      const host = parsed.hostname.replace(/^\[|\]$/g, '');
      target = {
        origin: `${host}:${port}`,
        host,
        port,
        authority: parsed.host,
        path: `${parsed.pathname}${parsed.search}`,
      };
      this.targets.set(url, target);
    }
    return target;
  }

  private socketFor(target: Target): { socket: Socket; reused: boolean } {
    const idle = this.idle.get(target.origin);
    const socket = idle?.pop();
    if (socket !== undefined) {
      socket.ref();
      return { socket, reused: true };
    }
    const fresh = connect({ host: target.host, port: target.port, noDelay: true });
    this.sockets.add(fresh);
    // While idle, a close or error just drops the connection from the pool.
    fresh.on('error', () => {});
    fresh.once('close', () => {
      this.sockets.delete(fresh);
      const list = this.idle.get(target.origin);
      const index = list?.indexOf(fresh) ?? -1;
      if (index !== -1) list?.splice(index, 1);
    });
    return { socket: fresh, reused: false };
  }

  private release(target: Target, socket: Socket): void {
    if (this.closed || socket.destroyed) {
      socket.destroy();
      return;
    }
    socket.unref();
    const list = this.idle.get(target.origin);
    if (list === undefined) this.idle.set(target.origin, [socket]);
    else list.push(socket);
  }

  private attempt(
    target: Target,
    text: string,
    request: Http1Request,
    onText: (text: string) => void,
    mayRetry: boolean,
  ): Promise<number> {
    const { socket, reused } = this.socketFor(target);
    const { signal } = request;
    return new Promise<number>((resolve, reject) => {
      const parser = new Http1ResponseParser(onText, request.method === 'HEAD');
      let received = false;
      const cleanup = () => {
        socket.off('data', onData);
        socket.off('error', onError);
        socket.off('close', onClose);
        signal?.removeEventListener('abort', onAbort);
      };
      const fail = (error: Error) => {
        cleanup();
        socket.destroy();
        if (reused && !received && mayRetry && !signal?.aborted && !this.closed) {
          resolve(this.attempt(target, text, request, onText, false));
        } else {
          reject(error);
        }
      };
      const onData = (data: Buffer) => {
        received = true;
        let rest: Buffer | undefined;
        try {
          rest = parser.feed(data);
        } catch (error) {
          fail(error as Error);
          return;
        }
        if (!parser.done) return;
        cleanup();
        if (parser.head?.keepAlive && rest?.length === 0) this.release(target, socket);
        else socket.destroy();
        resolve(parser.head?.status ?? 0);
      };
      const onError = (error: Error) => fail(error);
      const onClose = () => {
        if (parser.end()) {
          cleanup();
          resolve(parser.head?.status ?? 0);
        } else {
          fail(new Error(`connection to ${target.origin} closed before the response was complete`));
        }
      };
      const onAbort = () => {
        cleanup();
        socket.destroy();
        reject(signal?.reason);
      };
      socket.on('data', onData);
      socket.on('error', onError);
      socket.on('close', onClose);
      signal?.addEventListener('abort', onAbort, { once: true });

      socket.write(text);
    });
  }
}
