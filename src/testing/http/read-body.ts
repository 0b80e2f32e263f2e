import type { IncomingMessage } from 'node:http';

/** Reads the whole request body as a UTF-8 string (limit: 64 MiB). */
export async function readBody(request: IncomingMessage, limitBytes = 64 * 1024 * 1024): Promise<string> {
  return (await readBodyBytes(request, limitBytes)).toString('utf8');
}

/** Reads the whole request body as bytes (limit: 64 MiB), e.g. a multipart upload. */
export function readBodyBytes(request: IncomingMessage, limitBytes = 64 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        reject(new RangeError(`Request body larger than ${limitBytes} bytes.`));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}
