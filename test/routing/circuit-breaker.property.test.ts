import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CircuitBreaker, type CircuitTicket, type VllmCircuitState } from '../../src/routing/circuit-breaker';

// Property-based tests of the circuit breaker under random sequences of outcomes, clock steps,
// cancellations and health-check recoveries.

type Op =
  | { op: 'request'; outcome: 'success' | 'failure' | 'cancel' }
  | { op: 'hold' }
  | { op: 'settle'; outcome: 'success' | 'failure' | 'cancel' }
  | { op: 'advance'; ms: number }
  | { op: 'health-recovered' };

const outcome = fc.constantFrom('success' as const, 'failure' as const, 'cancel' as const);
const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: outcome.map((value) => ({ op: 'request' as const, outcome: value })) },
  { weight: 1, arbitrary: fc.constant({ op: 'hold' as const }) },
  { weight: 1, arbitrary: outcome.map((value) => ({ op: 'settle' as const, outcome: value })) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 40_000 }).map((ms) => ({ op: 'advance' as const, ms })) },
  { weight: 1, arbitrary: fc.constant({ op: 'health-recovered' as const }) },
);
const settingsArbitrary = fc.record({
  failureThreshold: fc.integer({ min: 1, max: 5 }),
  resetTimeoutMs: fc.integer({ min: 100, max: 10_000 }),
  factor: fc.integer({ min: 1, max: 16 }),
  halfOpenSuccesses: fc.integer({ min: 1, max: 3 }),
});

const EDGES = new Set(['closed>open', 'open>half-open', 'half-open>closed', 'half-open>open']);

describe('CircuitBreaker (properties)', () => {
  it('under any sequence: only valid transitions, opens after the threshold, closes after the trials, bounded open times', () => {
    fc.assert(
      fc.property(settingsArbitrary, fc.array(opArbitrary, { maxLength: 120 }), (settings, ops) => {
        let now = 0;
        const transitions: Array<{
          from: VllmCircuitState;
          to: VllmCircuitState;
          failures: number;
          openMs: number;
        }> = [];
        let previous: VllmCircuitState = 'closed';
        const maxResetTimeoutMs = settings.resetTimeoutMs * settings.factor;
        const breaker = new CircuitBreaker({
          ...settings,
          maxResetTimeoutMs,
          now: () => now,
          onTransition: (to, detail) => {
            transitions.push({ from: previous, to, ...detail });
            previous = to;
          },
        });
        const held: CircuitTicket[] = [];
        // Outcomes of trial requests since the circuit last went half-open.
        let trialSuccesses = 0;
        const settle = (ticket: CircuitTicket, result: 'success' | 'failure' | 'cancel') => {
          const trial = ticket.trial && breaker.state === 'half-open';
          if (result === 'success') breaker.success(ticket);
          else if (result === 'failure') breaker.failure(ticket);
          else breaker.release(ticket);
          if (trial && result === 'success') trialSuccesses++;
        };
        for (const op of ops) {
          const before = transitions.length;
          const state = breaker.state;
          if (op.op === 'request' || op.op === 'hold') {
            // Callers only send when the breaker allows it.
            if (!breaker.canRequest()) {
              expect(state === 'open' || (state === 'half-open' && held.some((ticket) => ticket.trial))).toBe(
                true,
              );
              continue;
            }
            const ticket = breaker.begin();
            expect(ticket.trial).toBe(state === 'half-open');
            if (op.op === 'hold') held.push(ticket);
            else settle(ticket, op.outcome);
          } else if (op.op === 'settle') {
            const ticket = held.shift();
            if (ticket) settle(ticket, op.outcome);
          } else if (op.op === 'advance') {
            now += op.ms;
          } else {
            breaker.retryNow();
          }
          void breaker.state; // lets a due open → half-open transition happen
          for (const transition of transitions.slice(before)) {
            expect(
              EDGES.has(`${transition.from}>${transition.to}`),
              `${transition.from} > ${transition.to}`,
            ).toBe(true);
            if (transition.from === 'closed')
              expect(transition.failures).toBeGreaterThanOrEqual(settings.failureThreshold);
            if (transition.to === 'closed')
              expect(trialSuccesses).toBeGreaterThanOrEqual(settings.halfOpenSuccesses);
            if (transition.to === 'half-open') trialSuccesses = 0;
            if (transition.to === 'open') {
              expect(transition.openMs).toBeGreaterThanOrEqual(settings.resetTimeoutMs);
              expect(transition.openMs).toBeLessThanOrEqual(maxResetTimeoutMs);
            }
          }
          const current = breaker.state;
          if (current === 'open') {
            expect(breaker.canRequest()).toBe(false);
            expect(breaker.msUntilHalfOpen()).toBeGreaterThan(0);
            expect(breaker.msUntilHalfOpen()).toBeLessThanOrEqual(maxResetTimeoutMs);
          } else {
            expect(breaker.msUntilHalfOpen()).toBe(0);
            if (current === 'closed') expect(breaker.canRequest()).toBe(true);
          }
        }
      }),
    );
  });

  it('a circuit that keeps relapsing right after it closes is open longer each time, up to the maximum', () => {
    fc.assert(
      fc.property(settingsArbitrary, fc.integer({ min: 1, max: 8 }), (settings, relapses) => {
        let now = 0;
        const maxResetTimeoutMs = settings.resetTimeoutMs * settings.factor;
        const breaker = new CircuitBreaker({ ...settings, maxResetTimeoutMs, now: () => now });
        const openTimes: number[] = [];
        for (let round = 0; round <= relapses; round++) {
          for (let i = 0; i < settings.failureThreshold; i++) breaker.failure(breaker.begin());
          openTimes.push(breaker.msUntilHalfOpen());
          now += breaker.msUntilHalfOpen();
          for (let i = 0; i < settings.halfOpenSuccesses; i++) breaker.success(breaker.begin());
          expect(breaker.state).toBe('closed');
        }
        openTimes.forEach((openMs, index) => {
          expect(openMs).toBe(Math.min(settings.resetTimeoutMs * 2 ** index, maxResetTimeoutMs));
        });
      }),
    );
  });
});
