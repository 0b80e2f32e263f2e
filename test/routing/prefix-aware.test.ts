import { generateText } from 'ai';
import { describe, expect, it } from 'vitest';
import { createVllm } from '../../src';
import { Balancer, rendezvousRanking } from '../../src/routing/balancer';
import { prefixAffinityKey } from '../../src/routing/prefix-affinity-key';
import { balancerEndpoint } from './balancer-endpoint';
import { connectionRefused, createFakeReplicas, type ReplicaHandler } from './fake-replicas';

const SYSTEM = { role: 'system', content: 'You are a helpful travel agent.' };
const TOOLS = [{ type: 'function', function: { name: 'book', parameters: { type: 'object' } } }];
const chatBody = (messages: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ model: 'm', messages, tools: TOOLS, ...extra });

describe('prefixAffinityKey', () => {
  const turn1 = [SYSTEM, { role: 'user', content: 'Find me a flight to Lisbon.' }];
  const turn3 = [
    ...turn1,
    { role: 'assistant', content: 'Which dates?' },
    { role: 'user', content: 'May 3 to May 9.' },
    {
      role: 'assistant',
      content: '',
      tool_calls: [{ id: 'c1', type: 'function', function: { name: 'book' } }],
    },
    { role: 'tool', tool_call_id: 'c1', content: 'booked' },
  ];

  it('is the same for every turn and agent step of a conversation (system, tools, first user message)', () => {
    const key = prefixAffinityKey('/chat/completions', chatBody(turn1));
    expect(key).toMatch(/^[0-9a-f]{16}$/);
    expect(prefixAffinityKey('/chat/completions', chatBody(turn3, { stream: true, max_tokens: 5 }))).toBe(
      key,
    );
  });

  it('differs when the conversation, the system prompt, the tools or the model differ', () => {
    const key = prefixAffinityKey('/chat/completions', chatBody(turn1));
    const other = [SYSTEM, { role: 'user', content: 'Find me a hotel in Porto.' }];
    expect(prefixAffinityKey('/chat/completions', chatBody(other))).not.toBe(key);
    expect(
      prefixAffinityKey('/chat/completions', chatBody([{ ...SYSTEM, content: 'Be terse.' }, turn1[1]])),
    ).not.toBe(key);
    expect(prefixAffinityKey('/chat/completions', chatBody(turn1, { tools: undefined }))).not.toBe(key);
    expect(prefixAffinityKey('/chat/completions', chatBody(turn1, { model: 'sql-lora' }))).not.toBe(key);
  });

  it('uses the head of a completion prompt and ignores other endpoints and non-JSON bodies', () => {
    const preamble = 'Translate to French.\n'.repeat(200);
    const a = prefixAffinityKey('/completions', JSON.stringify({ model: 'm', prompt: `${preamble}cat` }));
    expect(a).toBe(
      prefixAffinityKey('/completions', JSON.stringify({ model: 'm', prompt: [`${preamble}dog`] })),
    );
    expect(prefixAffinityKey('/completions', JSON.stringify({ model: 'm', prompt: 'short one' }))).not.toBe(
      a,
    );
    expect(prefixAffinityKey('/embeddings', JSON.stringify({ model: 'm', input: 'x' }))).toBeUndefined();
    expect(prefixAffinityKey('/chat/completions', 'not json')).toBeUndefined();
    expect(prefixAffinityKey('/chat/completions', undefined)).toBeUndefined();
  });
});

const endpoint = (index: number, load = 0, weight = 1) => balancerEndpoint(index, weight, load);

describe('Balancer: prefix-aware (bounded-load rendezvous)', () => {
  const always = () => true;

  it('sends a prefix to its first choice while that endpoint is within (1 + ε) × its share', () => {
    const candidates = [endpoint(0), endpoint(1), endpoint(2), endpoint(3)];
    const ranking = rendezvousRanking('conversation-7', candidates);
    const balancer = new Balancer('prefix-aware', 4, 1.25);
    expect(balancer.boundedTarget('conversation-7', candidates, always)).toBe(ranking[0]);
    // 1 in flight on each: bound ⌈1.25 × (4 + 1) / 4⌉ = 2 — the first choice may take a second one …
    for (const candidate of candidates) candidate.current = 1;
    expect(balancer.boundedTarget('conversation-7', candidates, always)).toBe(ranking[0]);
    // … but not a third while the others have one each (⌈1.25 × 6 / 4⌉ = 2).
    ranking[0].current = 2;
    expect(balancer.boundedTarget('conversation-7', candidates, always)).toBe(ranking[1]);
  });

  it('spills a hot prefix to exactly its next-best endpoint, not the least busy one', () => {
    const candidates = [endpoint(0), endpoint(1), endpoint(2), endpoint(3)];
    const ranking = rendezvousRanking('hot-prefix', candidates);
    ranking[0].current = 4; // bound ⌈1.25 × (4 + 1 + 1) / 4⌉ = 2
    ranking[1].current = 1;
    const balancer = new Balancer('prefix-aware', 4, 1.25);
    expect(balancer.boundedTarget('hot-prefix', candidates, always)).toBe(ranking[1]);
    ranking[1].current = 2; // now at the bound (⌈1.25 × 7 / 4⌉ = 3 > 2: still room) …
    expect(balancer.boundedTarget('hot-prefix', candidates, always)).toBe(ranking[1]);
    ranking[1].current = 3; // … and now over it: the third choice, though the fourth is as idle
    expect(balancer.boundedTarget('hot-prefix', candidates, always)).toBe(ranking[2]);
  });

  it('keeps every endpoint under the bound as a hot prefix keeps arriving', () => {
    const candidates = [endpoint(0), endpoint(1), endpoint(2), endpoint(3)];
    const balancer = new Balancer('prefix-aware', 4, 1.25);
    for (let request = 0; request < 40; request++) {
      balancer.boundedTarget('hot-prefix', candidates, always)!.current++;
      const total = candidates.reduce((sum, candidate) => sum + candidate.current, 0);
      for (const candidate of candidates)
        expect(candidate.current).toBeLessThanOrEqual(Math.ceil((1.25 * total) / 4));
    }
  });

  it('follows weights and skips endpoints that cannot take the request', () => {
    const heavy = [endpoint(0, 0, 3), endpoint(1, 0, 1)];
    const counts = [0, 0];
    const balancer = new Balancer('prefix-aware', 2, 1.25);
    for (let key = 0; key < 2000; key++)
      counts[balancer.boundedTarget(`k${key}`, heavy, () => true)!.index]++;
    expect(counts[0] / 2000).toBeGreaterThan(0.7);
    expect(counts[0] / 2000).toBeLessThan(0.8);
    const ranking = rendezvousRanking('k1', heavy);
    expect(balancer.boundedTarget('k1', heavy, (candidate) => candidate !== ranking[0])).toBe(ranking[1]);
  });

  it('moves only the prefixes of a removed endpoint, each to its next choice', () => {
    const candidates = [endpoint(0), endpoint(1), endpoint(2), endpoint(3)];
    const balancer = new Balancer('prefix-aware', 4, 1.25);
    const keys = Array.from({ length: 400 }, (_, index) => `conversation-${index}`);
    const before = keys.map((key) => balancer.boundedTarget(key, candidates, () => true)!);
    const remaining = candidates.filter((candidate) => candidate.index !== 2);
    keys.forEach((key, index) => {
      const after = balancer.boundedTarget(key, remaining, () => true)!;
      if (before[index].index !== 2) expect(after).toBe(before[index]);
      else expect(after).toBe(rendezvousRanking(key, candidates)[1]);
    });
    expect(before.filter((target) => target.index === 2).length).toBeGreaterThan(60);
  });
});

const ENDPOINTS = ['a', 'b', 'c', 'd'].map((host) => `http://${host}:8000/v1`);
const conversation = (index: number) => ({
  instructions: 'You are a support agent.',
  messages: [{ role: 'user' as const, content: `Ticket ${index}: my order has not arrived.` }],
});

describe("createVllm({ loadBalancing: 'prefix-aware' })", () => {
  async function hostsFor(
    handlers: Record<string, ReplicaHandler | undefined>,
    indexes: number[],
    sessionKey?: string,
  ) {
    const replicas = createFakeReplicas(handlers);
    await using vllm = createVllm({
      endpoints: ENDPOINTS,
      loadBalancing: 'prefix-aware',
      fetch: replicas.fetch,
      healthCheck: false,
    });
    const hosts: string[] = [];
    for (const index of indexes) {
      await generateText({
        model: vllm('m'),
        ...conversation(index),
        maxRetries: 0,
        providerOptions: sessionKey ? { vllm: { sessionKey: `${sessionKey}-${index}` } } : undefined,
      });
      hosts.push(replicas.calls().at(-1)?.host ?? '');
    }
    return hosts;
  }

  it('maps each conversation to the same endpoint from two independent providers, spread over all', async () => {
    const indexes = Array.from({ length: 40 }, (_, index) => index);
    const first = await hostsFor({}, indexes);
    const second = await hostsFor({}, indexes);
    expect(second).toEqual(first);
    expect(new Set(first).size).toBe(4);
  });

  it('uses the session key as the prefix when one is given', async () => {
    const indexes = Array.from({ length: 20 }, (_, index) => index);
    const byPrefix = await hostsFor({}, indexes);
    const bySession = await hostsFor({}, indexes, 'user');
    expect(bySession).not.toEqual(byPrefix);
    expect(await hostsFor({}, indexes, 'user')).toEqual(bySession);
  });

  it('fails a down endpoint over to the next choice and moves only its conversations', async () => {
    const indexes = Array.from({ length: 40 }, (_, index) => index);
    const healthy = await hostsFor({}, indexes);
    const withDown = await hostsFor(
      { c: (request) => (request.path === '/health' ? new Response() : connectionRefused()) },
      indexes,
    );
    indexes.forEach((index) => {
      if (healthy[index] !== 'c') expect(withDown[index]).toBe(healthy[index]);
      else expect(withDown[index]).not.toBe('c');
    });
    expect(healthy).toContain('c');
  });

  it('rejects a misspelt strategy and a bad load factor with the fix', () => {
    expect(() => createVllm({ endpoints: ENDPOINTS, loadBalancing: 'prefix' as never })).toThrow(
      "For prefix-cache-aware routing use 'prefix-aware'.",
    );
    expect(() =>
      createVllm({ endpoints: ENDPOINTS, loadBalancing: 'prefix-aware', prefixAware: { loadFactor: 0.5 } }),
    ).toThrow('Invalid prefixAware.loadFactor: must be a number >= 1');
  });
});
