import { describe, expect, it } from 'vitest';
import { createVllmFetch } from '../../src/provider/connection/vllm-settings';
import { VERSION } from '../../src/version';

// createVllmFetch appends `vllm-ai-provider/<version>` to the User-Agent for every form of headers
// (the plain object the SDK passes takes a fast path that must send the same headers).
async function sentHeaders(headers: RequestInit['headers']): Promise<Record<string, string>> {
  let seen: Record<string, string> = {};
  const fetch = createVllmFetch(async (_input, init) => {
    seen = Object.fromEntries(new Headers(init?.headers).entries());
    return new Response('{}');
  });
  await fetch('http://vllm.test/v1/models', { headers });
  return seen;
}

describe('User-Agent suffix', () => {
  const suffix = `vllm-ai-provider/${VERSION}`;

  it('plain object (what the SDK passes): appended to the existing user-agent, undefined values dropped', async () => {
    const headers = {
      'Content-Type': 'application/json',
      'User-Agent': 'ai-sdk/openai-compatible/3.0.92',
      'x-none': undefined,
    };
    expect(await sentHeaders(headers as unknown as Record<string, string>)).toEqual({
      'content-type': 'application/json',
      'user-agent': `ai-sdk/openai-compatible/3.0.92 ${suffix}`,
    });
    expect(await sentHeaders({ authorization: 'Bearer k' })).toEqual({
      authorization: 'Bearer k',
      'user-agent': suffix,
    });
    expect(await sentHeaders(undefined)).toEqual({ 'user-agent': suffix });
  });

  it('Headers instance and header lists give the same result', async () => {
    const expected = { authorization: 'Bearer k', 'user-agent': `app/1 ${suffix}` };
    expect(await sentHeaders(new Headers({ Authorization: 'Bearer k', 'user-agent': 'app/1' }))).toEqual(
      expected,
    );
    expect(
      await sentHeaders([
        ['Authorization', 'Bearer k'],
        ['User-Agent', 'app/1'],
      ]),
    ).toEqual(expected);
    expect(await sentHeaders({ Authorization: 'Bearer k', 'user-agent': 'app/1' })).toEqual(expected);
  });
});
