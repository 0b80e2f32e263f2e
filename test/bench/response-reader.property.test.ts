import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFetchBenchmarkTransport } from '../../src/bench/benchmark-transport';
import { ResponseReader } from '../../src/bench/response-reader';

// The load generator's SSE reader, fed a stream cut into pieces anywhere, reads the same thing.

const base = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm' };
const delta = (value: Record<string, unknown>) => ({
  ...base,
  choices: [{ index: 0, delta: value, finish_reason: null }],
});

interface Stream {
  contents: string[];
  usage?: { prompt_tokens: number; completion_tokens: number };
  error?: string;
  done: boolean;
  newline: string;
}

const streamArbitrary: fc.Arbitrary<Stream> = fc.record({
  contents: fc.array(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 8 }),
  usage: fc.option(fc.record({ prompt_tokens: fc.nat(100), completion_tokens: fc.nat(100) }), {
    nil: undefined,
  }),
  error: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
  done: fc.boolean(),
  newline: fc.constantFrom('\n', '\r\n'),
});

function sse(stream: Stream): string {
  const events: unknown[] = [
    delta({ role: 'assistant', content: '' }),
    ...stream.contents.map((content) => delta({ content })),
  ];
  if (stream.error !== undefined) events.push({ error: { message: stream.error, code: 500 } });
  if (stream.usage !== undefined) events.push({ ...base, choices: [], usage: stream.usage });
  const end = stream.newline.repeat(2);
  return (
    events.map((event) => `data: ${JSON.stringify(event)}${end}`).join('') +
    (stream.done ? `data: [DONE]${end}` : '')
  );
}

function read(pieces: string[]) {
  const itl: number[] = [];
  const reader = new ResponseReader(true, itl);
  for (const piece of pieces) reader.onText(piece);
  const reading = reader.finish(200);
  return { ...reading, firstTokenAt: reading.firstTokenAt !== undefined, tokenChunks: itl.length };
}

describe('ResponseReader at random chunk boundaries (properties)', () => {
  it('reads the same error, usage and token chunks with the stream split at every position', () => {
    fc.assert(
      fc.property(streamArbitrary, (stream) => {
        const text = sse(stream);
        const whole = read([text]);
        for (let cut = 1; cut < text.length; cut++) {
          expect(read([text.slice(0, cut), text.slice(cut)]), `split at ${cut}`).toEqual(whole);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('reads the same for any set of cuts', () => {
    fc.assert(
      fc.property(streamArbitrary, fc.array(fc.nat(), { maxLength: 40 }), (stream, cutSeeds) => {
        const text = sse(stream);
        const cuts = [...new Set(cutSeeds.map((seed) => seed % (text.length + 1)))].sort((a, b) => a - b);
        const pieces = [...cuts, text.length].map((cut, index) =>
          text.slice(index === 0 ? 0 : cuts[index - 1], cut),
        );
        expect(read(pieces)).toEqual(read([text]));
      }),
    );
  });
});

describe('fetch benchmark transport + ResponseReader at random byte boundaries (properties)', () => {
  it('decodes UTF-8 split across network chunks and reads the same', async () => {
    const text = sse({
      contents: ['Grüße 🚀', ' 世界', '—ok'],
      usage: { prompt_tokens: 3, completion_tokens: 3 },
      done: true,
      newline: '\n',
    });
    const bytes = new TextEncoder().encode(text);
    let cuts: number[] = [];
    const transport = createFetchBenchmarkTransport(async () => {
      const pieces = [...cuts, bytes.length].map((cut, index) =>
        bytes.slice(index === 0 ? 0 : cuts[index - 1], cut),
      );
      return new Response(
        new ReadableStream<Uint8Array>({
          pull(controller) {
            const piece = pieces.shift();
            if (piece === undefined) controller.close();
            else controller.enqueue(piece);
          },
        }),
      );
    });
    const readVia = async (at: number[]) => {
      cuts = at;
      let received = '';
      const itl: number[] = [];
      const reader = new ResponseReader(true, itl);
      const status = await transport.send(
        { method: 'POST', url: 'http://vllm.test/v1/chat/completions', headers: {}, stream: true },
        (piece) => {
          received += piece;
          reader.onText(piece);
        },
      );
      const reading = reader.finish(status);
      return {
        received,
        ...reading,
        firstTokenAt: reading.firstTokenAt !== undefined,
        tokenChunks: itl.length,
      };
    };
    const whole = await readVia([]);
    expect(whole.received).toBe(text);
    for (let cut = 1; cut < bytes.length; cut++)
      expect(await readVia([cut]), `split at byte ${cut}`).toEqual(whole);
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 50 }),
        async (at) => {
          expect(await readVia(at.sort((a, b) => a - b))).toEqual(whole);
        },
      ),
    );
  });
});
