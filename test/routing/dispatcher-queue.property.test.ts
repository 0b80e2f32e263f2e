import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Balancer } from '../../src/routing/balancer';
import { Dispatcher, type DispatchRequest, type Placement } from '../../src/routing/dispatcher';
import { resolveRoutingSettings } from '../../src/routing/resolve-routing-settings';
import { RoutedEndpoint } from '../../src/routing/routed-endpoint';

// Property-based test of the bounded queue: limits, first-in first-out, aborts and rejections.

type Op = { op: 'call'; abortable: boolean } | { op: 'finish' } | { op: 'abort'; pick: number };

const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.boolean().map((abortable) => ({ op: 'call' as const, abortable })) },
  { weight: 3, arbitrary: fc.constant({ op: 'finish' as const }) },
  { weight: 1, arbitrary: fc.nat().map((pick) => ({ op: 'abort' as const, pick })) },
);

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('Dispatcher queue (properties)', () => {
  it('never exceeds its limits, serves waiters first in first out, rejects exactly when full, drops aborted waiters at once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 4 }),
        fc.array(opArbitrary, { maxLength: 60 }),
        async (maxConcurrentRequests, maxQueuedRequests, ops) => {
          const resolved = resolveRoutingSettings(
            { endpoints: ['http://a:8000/v1', 'http://b:8000/v1'], maxConcurrentRequests, maxQueuedRequests },
            () => 'http://unused:8000/v1',
          );
          const endpoints = resolved.endpoints.map(
            (endpoint, index) => new RoutedEndpoint(index, endpoint, resolved, () => 0),
          );
          const dispatcher = new Dispatcher(endpoints, new Balancer('round-robin', 2), resolved, {
            queueFull: () => new Error('queue-full'),
            unavailable: () => new Error('unavailable'),
            closed: () => new Error('closed'),
          });
          const running: Placement[] = [];
          const waiting: Array<{ id: number; controller?: AbortController }> = [];
          const granted: number[] = [];
          const expectedOrder: number[] = [];
          let nextId = 0;
          for (const op of ops) {
            if (op.op === 'call') {
              const id = nextId++;
              const controller = op.abortable ? new AbortController() : undefined;
              const request: DispatchRequest = {
                sessionKey: undefined,
                excluded: new Set(),
                holdsGlobalSlot: false,
                signal: controller?.signal,
              };
              const full = running.length >= maxConcurrentRequests;
              let result: Placement | Promise<Placement> | undefined;
              let error: unknown;
              try {
                result = dispatcher.acquire(request);
              } catch (caught) {
                error = caught;
              }
              if (!full && waiting.length === 0) {
                // Room and nobody waiting: placed at once.
                expect(result).toBeDefined();
                expect(result instanceof Promise).toBe(false);
                running.push(result as Placement);
              } else if (waiting.length >= maxQueuedRequests) {
                expect((error as Error).message).toBe('queue-full');
              } else {
                expect(result instanceof Promise).toBe(true);
                waiting.push({ id, controller });
                expectedOrder.push(id);
                (result as Promise<Placement>).then(
                  (placement) => {
                    granted.push(id);
                    running.push(placement);
                  },
                  () => {},
                );
              }
            } else if (op.op === 'finish') {
              const placement = running.shift();
              if (placement === undefined) continue;
              placement.endpoint.end(placement.ticket, 'success');
              dispatcher.releaseGlobalSlot();
              if (waiting.length > 0) waiting.shift();
            } else {
              const abortable = waiting.filter((waiter) => waiter.controller !== undefined);
              if (abortable.length === 0) continue;
              const victim = abortable[op.pick % abortable.length];
              const before = dispatcher.queued;
              victim.controller!.abort();
              expect(dispatcher.queued).toBe(before - 1); // left the queue at once
              waiting.splice(waiting.indexOf(victim), 1);
              expectedOrder.splice(expectedOrder.indexOf(victim.id), 1);
            }
            await tick();
            expect(dispatcher.inFlight).toBeLessThanOrEqual(maxConcurrentRequests);
            expect(dispatcher.queued).toBeLessThanOrEqual(maxQueuedRequests);
            expect(dispatcher.inFlight).toBe(running.length);
            expect(dispatcher.queued).toBe(waiting.length);
            expect(granted).toEqual(expectedOrder.slice(0, granted.length));
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
