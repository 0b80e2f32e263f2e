import { describe, expect, it } from 'vitest';
import { isPlainChatChunk, isPlainChatResponse } from '../../src/provider/models/chat/vllm-chat-api';
import { jsonResponse, sseResponse } from '../helpers/mock-fetch';
import { CHAT_RESPONSE_CORPUS, CHAT_STREAM_CORPUS, INTERLEAVED_CHOICES_STREAM } from './chat-corpus';
import { generateResult, normalize, openaiCompatibleModel, ourModel, streamParts } from './parity-helpers';

// Our chat model owns its request, response and stream handling (on @ai-sdk/provider-utils); for
// every response both read the same way it must give exactly openai-compatible's parts and
// results, apart from the documented usage semantics (parity-helpers.ts). The corpus covers
// vLLM's shapes per version and odd or broken streams, so both our fast validation and its zod
// fallback are exercised.

describe('doStream: identical stream parts to openai-compatible', () => {
  for (const [name, chunks] of Object.entries(CHAT_STREAM_CORPUS)) {
    it(name, async () => {
      for (const includeRawChunks of [false, true]) {
        const expected = await streamParts(
          openaiCompatibleModel(async () => sseResponse(chunks)),
          {
            includeRawChunks,
          },
        );
        const actual = await streamParts(
          ourModel(async () => sseResponse(chunks)),
          { includeRawChunks },
        );
        expect(actual).toEqual(expected);
      }
    });
  }

  it('the corpus exercises both paths (plain chunks pass as they are, the rest goes to zod)', () => {
    const all = Object.values(CHAT_STREAM_CORPUS).flat();
    const objects = all.filter((chunk) => typeof chunk !== 'string');
    expect(objects.filter(isPlainChatChunk).length).toBeGreaterThan(40);
    expect(objects.filter((chunk) => !isPlainChatChunk(chunk)).length).toBeGreaterThan(15);
    expect(isPlainChatChunk(CHAT_STREAM_CORPUS.text[1])).toBe(true);
    expect(
      isPlainChatChunk(
        CHAT_STREAM_CORPUS['tool calls (hermes: id + name first, arguments in pieces, two tools)'][1],
      ),
    ).toBe(false);
  });

  it('differs where openai-compatible mixes choices: ours streams choice 0 only', async () => {
    const parts = (await streamParts(ourModel(async () => sseResponse(INTERLEAVED_CHOICES_STREAM)))) as {
      type: string;
      delta?: string;
      finishReason?: unknown;
    }[];
    expect(parts.filter((part) => part.type === 'text-delta').map((part) => part.delta)).toEqual(['A']);
    expect(parts.at(-1)?.finishReason).toEqual({ unified: 'stop', raw: 'stop' });
    const theirs = (await streamParts(
      openaiCompatibleModel(async () => sseResponse(INTERLEAVED_CHOICES_STREAM)),
    )) as { type: string; delta?: string }[];
    expect(theirs.filter((part) => part.type === 'text-delta').map((part) => part.delta)).toEqual(['B', 'A']);
  });
});

describe('doGenerate: identical results to openai-compatible', () => {
  for (const [name, body] of Object.entries(CHAT_RESPONSE_CORPUS)) {
    it(name, async () => {
      const settle = (promise: Promise<unknown>) =>
        promise.then(
          (value) => ({ value }),
          (error: unknown) => ({ error: normalize(error) }),
        );
      const expected = await settle(generateResult(openaiCompatibleModel(async () => jsonResponse(body))));
      const actual = await settle(generateResult(ourModel(async () => jsonResponse(body))));
      expect(actual).toEqual(expected);
    });
  }

  it('the corpus exercises both paths of the response validation', () => {
    const bodies = Object.values(CHAT_RESPONSE_CORPUS);
    expect(bodies.filter(isPlainChatResponse).length).toBeGreaterThan(8);
    expect(bodies.filter((body) => !isPlainChatResponse(body)).length).toBeGreaterThan(3);
  });
});
