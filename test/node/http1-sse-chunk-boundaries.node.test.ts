import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ResponseReader } from '../../src/bench/response-reader';
import { Http1ResponseParser } from '../../src/node/http1-response-parser';

// The Node load generator's path: raw HTTP/1.1 bytes (chunked, cut anywhere by the network, UTF-8
// characters split) → Http1ResponseParser → ResponseReader. Any cut gives the same body and reading.

const base = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm' };
const BODY = `${[
  { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' } }] },
  { ...base, choices: [{ index: 0, delta: { content: 'Grüße 🚀' } }] },
  { ...base, choices: [{ index: 0, delta: { reasoning: ' 思考 — ok' } }] },
  { ...base, choices: [], usage: { prompt_tokens: 7, completion_tokens: 3 } },
]
  .map((event) => `data: ${JSON.stringify(event)}\n\n`)
  .join('')}data: [DONE]\n\n`;

/** The body as an HTTP/1.1 chunked response, with HTTP chunks of the given byte sizes. */
function rawResponse(chunkSizes: readonly number[]): Buffer {
  const body = Buffer.from(BODY);
  const parts = [
    'HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n',
  ].map((text) => Buffer.from(text));
  let offset = 0;
  for (const size of [...chunkSizes, body.length]) {
    const end = Math.min(body.length, offset + Math.max(1, size));
    if (end <= offset) break;
    parts.push(
      Buffer.from(`${(end - offset).toString(16)}\r\n`),
      body.subarray(offset, end),
      Buffer.from('\r\n'),
    );
    offset = end;
  }
  parts.push(Buffer.from('0\r\n\r\n'));
  return Buffer.concat(parts);
}

function readAll(raw: Buffer, cuts: readonly number[]) {
  let text = '';
  const itl: number[] = [];
  const reader = new ResponseReader(true, itl);
  const parser = new Http1ResponseParser((piece) => {
    text += piece;
    reader.onText(piece);
  }, false);
  let start = 0;
  for (const cut of [...cuts, raw.length]) {
    if (cut > start) parser.feed(raw.subarray(start, cut));
    start = Math.max(start, cut);
  }
  const reading = reader.finish(parser.head?.status ?? 0);
  return {
    done: parser.done,
    text,
    ...reading,
    firstTokenAt: reading.firstTokenAt !== undefined,
    tokenChunks: itl.length,
  };
}

describe('HTTP/1.1 + SSE parsing at random byte boundaries (properties)', () => {
  it('gives the same body and reading with the response split at every byte position', () => {
    const raw = rawResponse([10, 37, 5]);
    const whole = readAll(raw, []);
    expect(whole).toMatchObject({
      done: true,
      text: BODY,
      error: undefined,
      promptTokens: 7,
      outputTokens: 3,
      tokenChunks: 1,
    });
    for (let cut = 1; cut < raw.length; cut++)
      expect(readAll(raw, [cut]), `split at byte ${cut}`).toEqual(whole);
  });

  it('gives the same for any HTTP chunking and any network cuts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 80 }), { maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 60 }),
        (chunkSizes, cutSeeds) => {
          const raw = rawResponse(chunkSizes);
          const cuts = [...new Set(cutSeeds.map((seed) => seed % raw.length))].sort((a, b) => a - b);
          const reading = readAll(raw, cuts);
          expect(reading).toEqual(readAll(raw, []));
          expect(reading.text).toBe(BODY);
        },
      ),
    );
  });
});
