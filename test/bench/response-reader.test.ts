import { describe, expect, it } from 'vitest';
import { ResponseReader } from '../../src/bench/response-reader';

const chunk = (delta: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: null }], ...extra })}\n\n`;
const usage = (prompt: number, completion: number) =>
  `data: ${JSON.stringify({ id: 'c', choices: [], usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion } })}\n\n`;

describe('ResponseReader (SSE timing and outcome)', () => {
  it('token chunks: first-token time, a gap per later token chunk, usage from the last chunk', () => {
    const itl: number[] = [];
    const reader = new ResponseReader(true, itl);
    // The role chunk with empty content carries no token.
    reader.onText(chunk({ role: 'assistant', content: '' }));
    expect(reader.firstTokenAt).toBeUndefined();
    reader.onText(chunk({ content: 'Hel' }).slice(0, 30));
    expect(reader.firstTokenAt).toBeUndefined();
    reader.onText(
      chunk({ content: 'Hel' }).slice(30) + chunk({ reasoning: 'x' }) + chunk({ reasoning_content: 'y' }),
    );
    reader.onText(chunk({ tool_calls: [{ index: 0, function: { arguments: '{' } }] }));
    reader.onText(`${usage(12, 4)}data: [DONE]\n\n`);
    expect(reader.firstTokenAt).toBeTypeOf('number');
    expect(itl).toHaveLength(3);
    // Chunks of the same read share a timestamp: a zero gap, as vllm bench serve counts them.
    expect(itl[0]).toBe(0);
    expect(reader.finish(200)).toMatchObject({ error: undefined, promptTokens: 12, outputTokens: 4 });
  });

  it('counts completion-endpoint text and CRLF framing; without usage, token chunks are the output count', () => {
    const reader = new ResponseReader(true, []);
    reader.onText(
      'data: {"choices":[{"index":0,"text":"a"}]}\r\n\r\ndata: {"choices":[{"index":0,"text":"b"}]}\r\n\r\n',
    );
    reader.onText('data: [DONE]\r\n\r\n');
    expect(reader.finish(200)).toMatchObject({ error: undefined, outputTokens: 2, promptTokens: 0 });
  });

  it('stream errors: error event (both envelopes), malformed chunk, missing [DONE]', () => {
    const event = new ResponseReader(true, []);
    event.onText(
      `${chunk({ content: 'a' })}data: {"error":{"message":"boom","code":500}}\n\ndata: [DONE]\n\n`,
    );
    expect(event.finish(200).error).toBe('error event: boom');
    const flat = new ResponseReader(true, []);
    flat.onText('data: {"object":"error","message":"old boom","code":500}\n\ndata: [DONE]\n\n');
    expect(flat.finish(200).error).toBe('error event: old boom');
    const malformed = new ResponseReader(true, []);
    malformed.onText('data: {"choices":[{"delta":\n\ndata: [DONE]\n\n');
    expect(malformed.finish(200).error).toBe('malformed stream chunk: {"choices":[{"delta":');
    const truncated = new ResponseReader(true, []);
    truncated.onText(chunk({ content: 'a' }));
    expect(truncated.finish(200).error).toBe('stream ended without data: [DONE]');
  });

  it('HTTP errors carry vLLM’s message (either envelope) or the start of the body', () => {
    const nested = new ResponseReader(true, []);
    nested.onText('{"error":{"message":"The model `x` does not exist.","type":"NotFoundError","code":404}}');
    expect(nested.finish(404).error).toBe('HTTP 404: The model `x` does not exist.');
    const unauthorized = new ResponseReader(false, []);
    unauthorized.onText('{"error":"Unauthorized"}');
    expect(unauthorized.finish(401).error).toBe('HTTP 401: Unauthorized');
    const html = new ResponseReader(false, []);
    html.onText('<html>Bad Gateway</html>');
    expect(html.finish(502).error).toBe('HTTP 502: <html>Bad Gateway</html>');
  });

  it('non-streamed: usage from the JSON body; a non-JSON body is an error', () => {
    const reader = new ResponseReader(false, []);
    reader.onText('{"choices":[{"message":{"content":"hi"}}],');
    reader.onText('"usage":{"prompt_tokens":7,"completion_tokens":16,"total_tokens":23}}');
    expect(reader.finish(200)).toEqual({
      error: undefined,
      promptTokens: 7,
      outputTokens: 16,
      firstTokenAt: undefined,
    });
    const broken = new ResponseReader(false, []);
    broken.onText('{"choices":');
    expect(broken.finish(200).error).toBe('response is not JSON: {"choices":');
  });
});
