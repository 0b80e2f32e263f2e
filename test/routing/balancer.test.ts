import { describe, expect, it } from 'vitest';
import { Balancer, type BalancerEndpoint } from '../../src/routing/balancer';
import { balancerEndpoint as endpoint } from './balancer-endpoint';

function countPicks(balancer: Balancer, candidates: BalancerEndpoint[], rounds: number): number[] {
  const counts = new Array<number>(Math.max(...candidates.map((c) => c.index)) + 1).fill(0);
  for (let i = 0; i < rounds; i++) counts[balancer.pick(candidates)!.index]++;
  return counts;
}

describe('Balancer: round-robin', () => {
  it('rotates evenly over equal endpoints', () => {
    const candidates = [endpoint(0), endpoint(1), endpoint(2)];
    const balancer = new Balancer('round-robin', 3);
    const order = Array.from({ length: 6 }, () => balancer.pick(candidates)!.index);
    expect(order).toEqual([0, 1, 2, 0, 1, 2]);
  });

  it('gives weighted endpoints their exact share, spread out (smooth weighted round-robin)', () => {
    const candidates = [endpoint(0, 5), endpoint(1, 1), endpoint(2, 1)];
    const balancer = new Balancer('round-robin', 3);
    const order = Array.from({ length: 7 }, () => balancer.pick(candidates)!.index);
    expect(order).toEqual([0, 0, 1, 0, 2, 0, 0]);
    expect(countPicks(balancer, candidates, 700)).toEqual([500, 100, 100]);
  });

  it('skips endpoints that are not candidates (ejected, open circuit, full)', () => {
    const all = [endpoint(0), endpoint(1), endpoint(2)];
    const balancer = new Balancer('round-robin', 3);
    expect(countPicks(balancer, [all[0], all[2]], 10)).toEqual([5, 0, 5]);
  });

  it('returns undefined without candidates', () => {
    expect(new Balancer('round-robin', 2).pick([])).toBeUndefined();
  });
});

describe('Balancer: least-busy', () => {
  it('picks the endpoint with the fewest requests in flight', () => {
    const candidates = [endpoint(0, 1, 4), endpoint(1, 1, 1), endpoint(2, 1, 3)];
    expect(new Balancer('least-busy', 3).pick(candidates)!.index).toBe(1);
  });

  it('divides load by weight', () => {
    const candidates = [endpoint(0, 4, 6), endpoint(1, 1, 2)];
    // 6/4 = 1.5 < 2/1
    expect(new Balancer('least-busy', 2).pick(candidates)!.index).toBe(0);
  });

  it('spreads ties instead of always picking the first', () => {
    const candidates = [endpoint(0), endpoint(1), endpoint(2)];
    const balancer = new Balancer('least-busy', 3);
    expect(countPicks(balancer, candidates, 300)).toEqual([100, 100, 100]);
  });
});

describe('Balancer: session', () => {
  const candidates = [endpoint(0), endpoint(1), endpoint(2)];

  it('maps a session key to the same endpoint every time', () => {
    const balancer = new Balancer('session', 3);
    const first = balancer.sessionTarget('conversation-42', candidates);
    for (let i = 0; i < 100; i++) expect(balancer.sessionTarget('conversation-42', candidates)).toBe(first);
    // Another balancer instance (another process) agrees.
    expect(new Balancer('session', 3).sessionTarget('conversation-42', candidates)).toBe(first);
  });

  it('spreads many sessions roughly evenly', () => {
    const balancer = new Balancer('session', 3);
    const counts = [0, 0, 0];
    for (let i = 0; i < 3_000; i++) counts[balancer.sessionTarget(`user-${i}`, candidates)!.index]++;
    for (const count of counts) expect(count).toBeGreaterThan(800);
  });

  it('respects weights for sessions', () => {
    const weighted = [endpoint(0, 3), endpoint(1, 1)];
    const balancer = new Balancer('session', 2);
    const counts = [0, 0];
    for (let i = 0; i < 4_000; i++) counts[balancer.sessionTarget(`s-${i}`, weighted)!.index]++;
    expect(counts[0] / counts[1]).toBeGreaterThan(2.4);
    expect(counts[0] / counts[1]).toBeLessThan(3.7);
  });

  it("moves only the missing endpoint's sessions when an endpoint is excluded, and they come back", () => {
    const balancer = new Balancer('session', 3);
    const keys = Array.from({ length: 600 }, (_, i) => `chat-${i}`);
    const before = keys.map((key) => balancer.sessionTarget(key, candidates)!.index);
    const without1 = [candidates[0], candidates[2]];
    const during = keys.map((key) => balancer.sessionTarget(key, without1)!.index);
    for (let i = 0; i < keys.length; i++) {
      if (before[i] !== 1) expect(during[i]).toBe(before[i]);
      else expect(during[i]).not.toBe(1);
    }
    const after = keys.map((key) => balancer.sessionTarget(key, candidates)!.index);
    expect(after).toEqual(before);
  });
});
