import { StringDecoder } from 'node:string_decoder';

const HEADER_END = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');
/** Largest header block accepted (like Node's default `maxHeaderSize`). */
const MAX_HEADER_BYTES = 16 * 1024;

/** The head of an HTTP/1.1 response. */
export interface Http1ResponseHead {
  status: number;
  /** Whether the server allows the connection to be reused. */
  keepAlive: boolean;
}

type BodyMode = 'length' | 'chunked' | 'until-close';

/**
 * An incremental HTTP/1.1 response parser for the benchmark's load generator: status line, the
 * three headers that frame the body (`Content-Length`, `Transfer-Encoding: chunked`, `Connection`),
 * then the body, decoded as UTF-8 and handed to `onText` piece by piece as it arrives (a multi-byte
 * character split between two reads is kept for the next piece). `feed` returns the bytes after
 * the end of the response (none for a well-behaved server), or `undefined` while it is not complete.
 */
export class Http1ResponseParser {
  head: Http1ResponseHead | undefined;
  private pending: Buffer | undefined;
  private mode: BodyMode = 'length';
  private remaining = 0;
  /** Chunked: bytes of the current chunk still to read, or -1 while reading a size line. */
  private chunkLeft = -1;
  private trailer = false;
  private readonly decoder = new StringDecoder('utf8');
  done = false;

  constructor(
    private readonly onText: (text: string) => void,
    private readonly noBody: boolean,
  ) {}

  feed(data: Buffer): Buffer | undefined {
    let buffer = this.pending === undefined ? data : Buffer.concat([this.pending, data]);
    this.pending = undefined;
    if (this.head === undefined) {
      const end = buffer.indexOf(HEADER_END);
      if (end === -1) {
        if (buffer.length > MAX_HEADER_BYTES) throw new Error('HTTP response header block too large');
        this.pending = buffer;
        return undefined;
      }
      this.parseHead(buffer.toString('latin1', 0, end));
      buffer = buffer.subarray(end + 4);
      if (this.done) return buffer;
    }
    switch (this.mode) {
      case 'length':
        return this.readLength(buffer);
      case 'chunked':
        return this.readChunked(buffer);
      default:
        this.emit(buffer);
        return undefined;
    }
  }

  /** The connection ended: completes an until-close body; anything else is a truncated response. */
  end(): boolean {
    if (this.done) return true;
    if (this.head !== undefined && this.mode === 'until-close') {
      this.finish();
      return true;
    }
    return false;
  }

  private parseHead(text: string): void {
    const lines = text.split('\r\n');
    const match = /^HTTP\/1\.([01]) (\d{3})/.exec(lines[0]);
    if (!match) throw new Error(`not an HTTP/1.x response: ${JSON.stringify(lines[0].slice(0, 40))}`);
    const status = Number(match[2]);
    let keepAlive = match[1] === '1';
    let length: number | undefined;
    let chunked = false;
    for (let index = 1; index < lines.length; index++) {
      const line = lines[index];
      const colon = line.indexOf(':');
      if (colon === -1) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line
        .slice(colon + 1)
        .trim()
        .toLowerCase();
      if (name === 'content-length') length = Number(value);
      else if (name === 'transfer-encoding')
        chunked = value.split(',').some((part) => part.trim() === 'chunked');
      else if (name === 'connection')
        keepAlive = value.includes('keep-alive') || (keepAlive && !value.includes('close'));
    }
    this.head = { status, keepAlive };
    if (this.noBody || status === 204 || status === 304 || (status >= 100 && status < 200)) {
      if (status >= 100 && status < 200) throw new Error(`unexpected informational response ${status}`);
      this.finish();
    } else if (chunked) {
      this.mode = 'chunked';
    } else if (length !== undefined && Number.isSafeInteger(length) && length >= 0) {
      this.mode = 'length';
      this.remaining = length;
      if (length === 0) this.finish();
    } else {
      this.mode = 'until-close';
      this.head.keepAlive = false;
    }
  }

  private readLength(buffer: Buffer): Buffer | undefined {
    if (buffer.length < this.remaining) {
      this.remaining -= buffer.length;
      this.emit(buffer);
      return undefined;
    }
    this.emit(buffer.subarray(0, this.remaining));
    const rest = buffer.subarray(this.remaining);
    this.remaining = 0;
    this.finish();
    return rest;
  }

  private readChunked(input: Buffer): Buffer | undefined {
    let buffer = input;
    for (;;) {
      if (this.chunkLeft > 0) {
        const take = Math.min(this.chunkLeft, buffer.length);
        this.emit(buffer.subarray(0, take));
        this.chunkLeft -= take;
        buffer = buffer.subarray(take);
        if (this.chunkLeft > 0) return undefined;
        this.chunkLeft = -2; // expect the CRLF after the chunk data
      }
      const lineEnd = buffer.indexOf(CRLF);
      if (lineEnd === -1) {
        this.pending = buffer.length > 0 ? buffer : undefined;
        return undefined;
      }
      const line = buffer.toString('latin1', 0, lineEnd);
      buffer = buffer.subarray(lineEnd + 2);
      if (this.chunkLeft === -2) {
        if (line !== '') throw new Error('malformed chunked body (missing CRLF after a chunk)');
        this.chunkLeft = -1;
        continue;
      }
      if (this.trailer) {
        // Trailer fields until an empty line.
        if (line === '') {
          this.finish();
          return buffer;
        }
        continue;
      }
      const size = Number.parseInt(line, 16);
      if (!Number.isSafeInteger(size) || size < 0) {
        throw new Error(`malformed chunk size ${JSON.stringify(line.slice(0, 20))}`);
      }
      if (size === 0) this.trailer = true;
      else this.chunkLeft = size;
    }
  }

  private emit(bytes: Buffer): void {
    if (bytes.length === 0) return;
    const text = this.decoder.write(bytes);
    if (text !== '') this.onText(text);
  }

  private finish(): void {
    const rest = this.decoder.end();
    if (rest !== '') this.onText(rest);
    this.done = true;
  }
}
