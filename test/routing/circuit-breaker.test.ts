import { describe, expect, it } from 'vitest';
import { CircuitBreaker, type VllmCircuitState } from '../../src/routing/circuit-breaker';

function createBreaker(
  overrides: {
    failureThreshold?: number;
    resetTimeoutMs?: number;
    maxResetTimeoutMs?: number;
    halfOpenSuccesses?: number;
  } = {},
) {
  let time = 1_000;
  const transitions: VllmCircuitState[] = [];
  const breaker = new CircuitBreaker({
    failureThreshold: 3,
    resetTimeoutMs: 10_000,
    maxResetTimeoutMs: 80_000,
    halfOpenSuccesses: 2,
    ...overrides,
    now: () => time,
    onTransition: (to) => transitions.push(to),
  });
  return {
    breaker,
    transitions,
    advance: (ms: number) => {
      time += ms;
    },
    fail: () => breaker.failure(breaker.begin()),
    succeed: () => breaker.success(breaker.begin()),
  };
}

describe('CircuitBreaker', () => {
  it('opens after failureThreshold consecutive failures, not before', () => {
    const { breaker, fail, transitions } = createBreaker();
    fail();
    fail();
    expect(breaker.state).toBe('closed');
    expect(breaker.canRequest()).toBe(true);
    fail();
    expect(breaker.state).toBe('open');
    expect(breaker.canRequest()).toBe(false);
    expect(transitions).toEqual(['open']);
  });

  it('counts only consecutive failures: a success resets the count', () => {
    const { breaker, fail, succeed } = createBreaker();
    fail();
    fail();
    succeed();
    fail();
    fail();
    expect(breaker.state).toBe('closed');
  });

  it('turns half-open after resetTimeoutMs and lets exactly one trial through at a time', () => {
    const { breaker, fail, advance, transitions } = createBreaker();
    fail();
    fail();
    fail();
    advance(9_999);
    expect(breaker.state).toBe('open');
    expect(breaker.msUntilHalfOpen()).toBe(1);
    advance(1);
    expect(breaker.state).toBe('half-open');
    expect(breaker.canRequest()).toBe(true);
    const trial = breaker.begin();
    expect(trial.trial).toBe(true);
    expect(breaker.canRequest()).toBe(false);
    breaker.success(trial);
    expect(breaker.canRequest()).toBe(true);
    expect(transitions).toEqual(['open', 'half-open']);
  });

  it('closes after halfOpenSuccesses successful trials', () => {
    const { breaker, fail, succeed, advance, transitions } = createBreaker();
    for (let i = 0; i < 3; i++) fail();
    advance(10_000);
    succeed();
    expect(breaker.state).toBe('half-open');
    succeed();
    expect(breaker.state).toBe('closed');
    expect(transitions).toEqual(['open', 'half-open', 'closed']);
    // Closed again means a fresh count: it takes the full threshold to re-open.
    fail();
    fail();
    expect(breaker.state).toBe('closed');
  });

  it('re-opens on a failed trial, for another full resetTimeoutMs', () => {
    const { breaker, fail, advance, transitions } = createBreaker();
    for (let i = 0; i < 3; i++) fail();
    advance(10_000);
    fail();
    expect(breaker.state).toBe('open');
    advance(9_000);
    expect(breaker.state).toBe('open');
    advance(1_000);
    expect(breaker.state).toBe('half-open');
    expect(transitions).toEqual(['open', 'half-open', 'open', 'half-open']);
  });

  it('frees the trial slot when the trial is cancelled, without deciding anything', () => {
    const { breaker, fail, advance } = createBreaker();
    for (let i = 0; i < 3; i++) fail();
    advance(10_000);
    const trial = breaker.begin();
    breaker.release(trial);
    expect(breaker.state).toBe('half-open');
    expect(breaker.canRequest()).toBe(true);
  });

  it('ignores a second outcome for the same request', () => {
    const { breaker } = createBreaker({ failureThreshold: 2 });
    const ticket = breaker.begin();
    breaker.failure(ticket);
    breaker.failure(ticket);
    expect(breaker.state).toBe('closed');
  });

  it('a relapse soon after closing doubles the open time, up to maxResetTimeoutMs (no flapping)', () => {
    const { breaker, fail, succeed, advance } = createBreaker({ halfOpenSuccesses: 1 });
    const openTimes: number[] = [];
    for (let cycle = 0; cycle < 5; cycle++) {
      for (let i = 0; i < 3; i++) fail();
      expect(breaker.state).toBe('open');
      openTimes.push(breaker.msUntilHalfOpen());
      advance(breaker.msUntilHalfOpen());
      succeed(); // the trial passes: closed again, then the replica relapses at once
      expect(breaker.state).toBe('closed');
    }
    expect(openTimes).toEqual([10_000, 20_000, 40_000, 80_000, 80_000]);
  });

  it('a failed trial keeps the open time; a long healthy spell forgives the relapses', () => {
    const { breaker, fail, succeed, advance } = createBreaker({ halfOpenSuccesses: 1 });
    for (let i = 0; i < 3; i++) fail();
    advance(10_000);
    succeed();
    for (let i = 0; i < 3; i++) fail();
    expect(breaker.msUntilHalfOpen()).toBe(20_000);
    advance(20_000);
    fail(); // failed trial: open again for the same 20 s
    expect(breaker.msUntilHalfOpen()).toBe(20_000);
    advance(20_000);
    succeed();
    advance(80_000); // closed for maxResetTimeoutMs
    for (let i = 0; i < 3; i++) fail();
    expect(breaker.msUntilHalfOpen()).toBe(10_000);
  });
});
