import type { Balancer } from './balancer';
import type { EndpointTicket, RoutedEndpoint } from './routed-endpoint';

/** What the dispatcher needs to place one attempt of a request. */
export interface DispatchRequest {
  /** Session key (`X-Session-ID`), for `session` balancing. */
  readonly sessionKey: string | undefined;
  /** `prefix-aware` balancing: the session key, else the prompt's prefix key (`undefined`: least busy). */
  readonly affinityKey?: string;
  /** Endpoints this request already failed on. */
  readonly excluded: Set<RoutedEndpoint>;
  /** Whether the request already holds one of the `maxConcurrentRequests` slots (failover attempts do). */
  holdsGlobalSlot: boolean;
  /** The caller's signal: an aborted request leaves the queue at once. */
  readonly signal: AbortSignal | undefined;
}

/** An attempt placed on an endpoint. */
export interface Placement {
  readonly endpoint: RoutedEndpoint;
  readonly ticket: EndpointTicket;
}

/** How the dispatcher reports why a request cannot be placed. */
export interface DispatchErrors {
  queueFull(limits: { maxConcurrentRequests: number; maxQueuedRequests: number }): Error;
  /** No endpoint can take the request (open circuits, `Retry-After`, excluded); `retryAfterMs` until one may. */
  unavailable(request: DispatchRequest, retryAfterMs: number | undefined): Error;
  closed(): Error;
}

interface Waiter {
  readonly request: DispatchRequest;
  readonly resolve: (placement: Placement) => void;
  readonly reject: (error: unknown) => void;
  readonly cleanup: () => void;
}

/**
 * Places requests on endpoints: filters out ejected endpoints, open circuits and endpoints the request
 * already failed on, enforces the overall and per-endpoint concurrency limits, and keeps the excess
 * in a bounded FIFO queue (failover attempts go first: they already hold an overall slot).
 */
export class Dispatcher {
  private globalInFlight = 0;
  private readonly queue: Waiter[] = [];
  private closed = false;

  constructor(
    private readonly endpoints: readonly RoutedEndpoint[],
    private readonly balancer: Balancer,
    private readonly limits: { maxConcurrentRequests: number; maxQueuedRequests: number },
    private readonly errors: DispatchErrors,
  ) {}

  get queued(): number {
    return this.queue.length;
  }

  get inFlight(): number {
    return this.globalInFlight;
  }

  /** Places the request now, or queues it; rejects when it can never be placed or the queue is full. */
  acquire(request: DispatchRequest): Placement | Promise<Placement> {
    if (this.closed) throw this.errors.closed();
    if (request.signal?.aborted) throw request.signal.reason;
    // Nobody may overtake the queue, except failover attempts (already admitted).
    if (this.queue.length === 0 || request.holdsGlobalSlot) {
      const placed = this.place(request);
      if (placed !== 'wait') return placed;
    } else if (this.eligible(request).length === 0) {
      throw this.errors.unavailable(request, this.retryAfterMs());
    }
    if (!request.holdsGlobalSlot && this.queue.length >= this.limits.maxQueuedRequests) {
      throw this.errors.queueFull(this.limits);
    }
    return new Promise<Placement>((resolve, reject) => {
      const onAbort = () => {
        this.remove(waiter);
        reject(request.signal?.reason);
      };
      const waiter: Waiter = {
        request,
        resolve,
        reject,
        cleanup: () => request.signal?.removeEventListener('abort', onAbort),
      };
      request.signal?.addEventListener('abort', onAbort, { once: true });
      if (request.holdsGlobalSlot) this.queue.unshift(waiter);
      else this.queue.push(waiter);
      // Queued behind others, it may still fit now (e.g. the head waits for a full sticky endpoint).
      this.drain();
    });
  }

  /** Gives back an overall slot (when a call is completely done) and serves the queue. */
  releaseGlobalSlot(): void {
    this.globalInFlight--;
    this.drain();
  }

  /** Serves queued requests after a slot was freed or an endpoint came back. */
  drain(): void {
    for (let index = 0; index < this.queue.length; ) {
      const waiter = this.queue[index];
      let placed: Placement | 'wait';
      try {
        placed = this.place(waiter.request);
      } catch (error) {
        this.queue.splice(index, 1);
        waiter.cleanup();
        waiter.reject(error);
        continue;
      }
      if (placed === 'wait') {
        // Requests that need an overall slot cannot be placed past a full global limit.
        if (!waiter.request.holdsGlobalSlot && this.globalInFlight >= this.limits.maxConcurrentRequests)
          return;
        index++;
        continue;
      }
      this.queue.splice(index, 1);
      waiter.cleanup();
      waiter.resolve(placed);
    }
  }

  /** Rejects every queued request and refuses new ones. */
  close(): void {
    this.closed = true;
    for (const waiter of this.queue.splice(0)) {
      waiter.cleanup();
      waiter.reject(this.errors.closed());
    }
  }

  /**
   * Milliseconds until an endpoint that is sidelined now (open circuit, pending `Retry-After`) may be
   * tried again (for `retry-after-ms`).
   */
  retryAfterMs(): number | undefined {
    let soonest: number | undefined;
    for (const endpoint of this.endpoints) {
      const wait = endpoint.msUntilAvailable();
      if (wait > 0 && (soonest === undefined || wait < soonest)) soonest = wait;
    }
    return soonest;
  }

  private place(request: DispatchRequest): Placement | 'wait' {
    const eligible = this.eligible(request);
    if (eligible.length === 0) throw this.errors.unavailable(request, this.retryAfterMs());
    if (!request.holdsGlobalSlot && this.globalInFlight >= this.limits.maxConcurrentRequests) return 'wait';
    let endpoint: RoutedEndpoint | undefined;
    if (request.sessionKey !== undefined && this.balancer.strategy === 'session') {
      endpoint = this.balancer.sessionTarget(request.sessionKey, eligible);
      if (endpoint && !endpoint.hasCapacity()) return 'wait';
    } else if (request.affinityKey !== undefined && this.balancer.strategy === 'prefix-aware') {
      endpoint = this.balancer.boundedTarget(request.affinityKey, eligible, (candidate) =>
        candidate.hasCapacity(),
      );
    } else {
      endpoint = this.balancer.pick(eligible.filter((candidate) => candidate.hasCapacity()));
    }
    if (endpoint === undefined) return 'wait';
    if (!request.holdsGlobalSlot) {
      this.globalInFlight++;
      request.holdsGlobalSlot = true;
    }
    return { endpoint, ticket: endpoint.begin() };
  }

  /**
   * Endpoints the request may go to: not excluded, circuit letting requests through, and healthy —
   * unless none is healthy, then health is ignored (checks may be wrong, e.g. `/health` blocked by a
   * proxy; the circuit breaker still protects each endpoint).
   */
  private eligible(request: DispatchRequest): RoutedEndpoint[] {
    const open: RoutedEndpoint[] = [];
    const healthy: RoutedEndpoint[] = [];
    for (const endpoint of this.endpoints) {
      if (request.excluded.has(endpoint) || !endpoint.circuitAllows()) continue;
      open.push(endpoint);
      if (endpoint.healthy) healthy.push(endpoint);
    }
    return healthy.length > 0 ? healthy : open;
  }

  private remove(waiter: Waiter): void {
    const index = this.queue.indexOf(waiter);
    if (index >= 0) this.queue.splice(index, 1);
    waiter.cleanup();
  }
}
