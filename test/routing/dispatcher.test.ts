import { describe, expect, it } from 'vitest';
import { Balancer } from '../../src/routing/balancer';
import { Dispatcher, type DispatchRequest, type Placement } from '../../src/routing/dispatcher';
import { resolveRoutingSettings } from '../../src/routing/resolve-routing-settings';
import { RoutedEndpoint } from '../../src/routing/routed-endpoint';
import type { VllmRoutingSettings } from '../../src/routing/routing-settings';

function setUp(settings: VllmRoutingSettings) {
  let time = 0;
  const resolved = resolveRoutingSettings(settings, () => 'http://unused:8000/v1');
  const endpoints = resolved.endpoints.map(
    (endpoint, index) => new RoutedEndpoint(index, endpoint, resolved, () => time),
  );
  const dispatcher = new Dispatcher(
    endpoints,
    new Balancer(resolved.loadBalancing, endpoints.length),
    resolved,
    {
      queueFull: () => new Error('queue full'),
      unavailable: (_request, retryAfterMs) => Object.assign(new Error('unavailable'), { retryAfterMs }),
      closed: () => new Error('closed'),
    },
  );
  const request = (overrides: Partial<DispatchRequest> = {}): DispatchRequest => ({
    sessionKey: undefined,
    excluded: new Set(),
    holdsGlobalSlot: false,
    signal: undefined,
    ...overrides,
  });
  /** Ends an attempt and gives back the call's overall slot, as a finished call does. */
  const complete = (placement: Placement) => {
    placement.endpoint.end(placement.ticket, 'success');
    dispatcher.releaseGlobalSlot();
  };
  return { dispatcher, endpoints, request, complete, advance: (ms: number) => (time += ms) };
}

const URLS = ['http://a:8000/v1', 'http://b:8000/v1', 'http://c:8000/v1'];

describe('Dispatcher: concurrency limits and queue', () => {
  it('places requests at once while there is room', () => {
    const { dispatcher, request } = setUp({ endpoints: URLS });
    const placements = [1, 2, 3].map(() => dispatcher.acquire(request()) as Placement);
    expect(placements.map((p) => p.endpoint.baseURL)).toEqual(URLS);
    expect(dispatcher.inFlight).toBe(3);
  });

  it('queues beyond maxConcurrentRequests and serves the queue in order as slots free', async () => {
    const { dispatcher, request, complete } = setUp({ endpoints: URLS, maxConcurrentRequests: 2 });
    const first = dispatcher.acquire(request()) as Placement;
    dispatcher.acquire(request());
    const order: string[] = [];
    const track = (name: string, placement: Placement | Promise<Placement>) =>
      Promise.resolve(placement).then((placed) => {
        order.push(name);
        return placed;
      });
    const third = track('third', dispatcher.acquire(request()));
    const fourth = track('fourth', dispatcher.acquire(request()));
    expect(dispatcher.queued).toBe(2);
    complete(first);
    await third;
    expect(order).toEqual(['third']);
    expect(dispatcher.queued).toBe(1);
    complete(await third);
    await fourth;
    expect(order).toEqual(['third', 'fourth']);
  });

  it('rejects request N+1 at once when the queue holds maxQueuedRequests, keeping the queued ones', async () => {
    const { dispatcher, request, complete } = setUp({
      endpoints: URLS,
      maxConcurrentRequests: 1,
      maxQueuedRequests: 2,
    });
    const running = dispatcher.acquire(request()) as Placement;
    const queued = [dispatcher.acquire(request()), dispatcher.acquire(request())];
    expect(() => dispatcher.acquire(request())).toThrow('queue full');
    expect(dispatcher.queued).toBe(2);
    complete(running);
    complete(await queued[0]);
    await expect(queued[1]).resolves.toHaveProperty('endpoint');
  });

  it('honours maxConcurrentRequests per endpoint', () => {
    const { dispatcher, request } = setUp({
      endpoints: [
        { baseURL: URLS[0], maxConcurrentRequests: 1 },
        { baseURL: URLS[1], maxConcurrentRequests: 2 },
      ],
    });
    const placed = [1, 2, 3].map(() => (dispatcher.acquire(request()) as Placement).endpoint.baseURL);
    expect(placed.sort()).toEqual([URLS[0], URLS[1], URLS[1]]);
    expect(dispatcher.acquire(request())).toBeInstanceOf(Promise);
    expect(dispatcher.queued).toBe(1);
  });

  it('takes an aborted request out of the queue', async () => {
    const { dispatcher, request } = setUp({ endpoints: URLS, maxConcurrentRequests: 1 });
    dispatcher.acquire(request());
    const controller = new AbortController();
    const waiting = dispatcher.acquire(request({ signal: controller.signal }));
    controller.abort(new Error('caller gave up'));
    await expect(waiting).rejects.toThrow('caller gave up');
    expect(dispatcher.queued).toBe(0);
  });

  it('lets failover attempts (already admitted) go before queued requests', async () => {
    const { dispatcher, request, endpoints } = setUp({
      endpoints: [
        { baseURL: URLS[0], maxConcurrentRequests: 1 },
        { baseURL: URLS[1], maxConcurrentRequests: 1 },
      ],
    });
    const a = dispatcher.acquire(request()) as Placement;
    const b = dispatcher.acquire(request()) as Placement;
    const newcomer = dispatcher.acquire(request());
    // The call on A failed and fails over: it must not wait behind the newcomer.
    const failoverRequest = request({ excluded: new Set([endpoints[0]]), holdsGlobalSlot: true });
    a.endpoint.end(a.ticket, 'failure');
    const failover = dispatcher.acquire(failoverRequest);
    b.endpoint.end(b.ticket, 'success');
    dispatcher.releaseGlobalSlot();
    await expect(failover).resolves.toMatchObject({ endpoint: endpoints[1] });
    expect(await Promise.race([newcomer, Promise.resolve('still queued')])).toMatchObject({
      endpoint: endpoints[0],
    });
  });

  it('rejects queued requests on close, and refuses new ones', async () => {
    const { dispatcher, request } = setUp({ endpoints: URLS, maxConcurrentRequests: 1 });
    dispatcher.acquire(request());
    const waiting = dispatcher.acquire(request());
    dispatcher.close();
    await expect(waiting).rejects.toThrow('closed');
    expect(() => dispatcher.acquire(request())).toThrow('closed');
  });
});

describe('Dispatcher: eligibility', () => {
  it('skips endpoints this request already failed on', () => {
    const { dispatcher, request, endpoints } = setUp({ endpoints: URLS });
    const excluded = new Set([endpoints[0], endpoints[1]]);
    for (let i = 0; i < 3; i++) {
      expect((dispatcher.acquire(request({ excluded })) as Placement).endpoint).toBe(endpoints[2]);
    }
    expect(() => dispatcher.acquire(request({ excluded: new Set(endpoints) }))).toThrow('unavailable');
  });

  it('skips unhealthy endpoints, but uses them when none is healthy', () => {
    const { dispatcher, request, endpoints } = setUp({ endpoints: URLS });
    endpoints[0].healthy = false;
    endpoints[1].healthy = false;
    expect((dispatcher.acquire(request()) as Placement).endpoint).toBe(endpoints[2]);
    endpoints[2].healthy = false;
    const spread = new Set([1, 2, 3].map(() => (dispatcher.acquire(request()) as Placement).endpoint));
    expect(spread.size).toBe(3);
  });

  it('skips endpoints with an open circuit and says when one re-opens', () => {
    const { dispatcher, request, endpoints, advance } = setUp({
      endpoints: URLS.slice(0, 2),
      circuitBreaker: { failureThreshold: 1, resetTimeoutMs: 5_000 },
    });
    for (const endpoint of endpoints) endpoint.end(endpoint.begin(), 'failure');
    let error: unknown;
    try {
      dispatcher.acquire(request());
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ message: 'unavailable', retryAfterMs: 5_000 });
    advance(5_000);
    expect((dispatcher.acquire(request()) as Placement).endpoint.breaker?.state).toBe('half-open');
  });

  it('keeps a session on its endpoint: waits for it when full instead of moving', async () => {
    const { dispatcher, request, endpoints } = setUp({
      endpoints: URLS.map((baseURL) => ({ baseURL, maxConcurrentRequests: 1 })),
      loadBalancing: 'session',
    });
    const first = dispatcher.acquire(request({ sessionKey: 'chat-1' })) as Placement;
    const second = dispatcher.acquire(request({ sessionKey: 'chat-1' }));
    expect(second).toBeInstanceOf(Promise);
    // Others still flow to the free endpoints.
    const other = dispatcher.acquire(request()) as Placement;
    expect(other.endpoint).not.toBe(first.endpoint);
    first.endpoint.end(first.ticket, 'success');
    dispatcher.releaseGlobalSlot();
    expect((await second).endpoint).toBe(first.endpoint);
    expect(endpoints).toContain(first.endpoint);
  });

  it('moves a session to its next-best endpoint when its own is down', () => {
    const { dispatcher, request, endpoints } = setUp({ endpoints: URLS, loadBalancing: 'session' });
    const home = (dispatcher.acquire(request({ sessionKey: 'chat-7' })) as Placement).endpoint;
    home.healthy = false;
    const fallback = (dispatcher.acquire(request({ sessionKey: 'chat-7' })) as Placement).endpoint;
    expect(fallback).not.toBe(home);
    expect((dispatcher.acquire(request({ sessionKey: 'chat-7' })) as Placement).endpoint).toBe(fallback);
    home.healthy = true;
    expect((dispatcher.acquire(request({ sessionKey: 'chat-7' })) as Placement).endpoint).toBe(home);
    expect(endpoints).toContain(fallback);
  });
});
