/** The three states of a circuit breaker. */
export type VllmCircuitState = 'closed' | 'open' | 'half-open';

/** Circuit-breaker settings (per endpoint). */
export interface VllmCircuitBreakerSettings {
  /**
   * Consecutive failed requests (connection errors, timeouts before headers, HTTP 5xx, broken
   * streams) that open the circuit; an open circuit sends the endpoint no traffic.
   * @default 5
   */
  failureThreshold?: number;

  /**
   * How long an open circuit stays open before it lets one trial request through (half-open), in ms.
   * @default 30000
   */
  resetTimeoutMs?: number;

  /**
   * Longest time a circuit stays open, in ms. A circuit that opens again within this time after it
   * closed (a replica that keeps relapsing, e.g. while its latency climbs past `headersTimeoutMs`)
   * stays open twice as long as the time before, up to this; once it has stayed closed this long,
   * it is back to `resetTimeoutMs`. So a flapping replica is tried less and less often.
   * @default 10 × resetTimeoutMs
   */
  maxResetTimeoutMs?: number;

  /**
   * Successful trial requests in the half-open state that close the circuit again. Trials run one at
   * a time; a failed trial re-opens the circuit for another `resetTimeoutMs`.
   * @default 1
   */
  halfOpenSuccesses?: number;
}

export interface CircuitBreakerOptions extends Required<VllmCircuitBreakerSettings> {
  /** Clock in ms (injectable for tests). */
  now: () => number;
  /** Called on every state change, after the state changed (`openMs`: how long it stays open). */
  onTransition?: (to: VllmCircuitState, detail: { failures: number; openMs: number }) => void;
}

/**
 * Per-endpoint circuit breaker: closed → open after `failureThreshold` consecutive failures →
 * half-open once its open time has passed (checked lazily, so no timer is needed) → closed after
 * `halfOpenSuccesses` successful trials, or open again (for the same time) after a failed trial.
 * The open time is `resetTimeoutMs`, doubled each time the circuit relapses within
 * `maxResetTimeoutMs` of closing (up to that), so it does not flap.
 */
export class CircuitBreaker {
  private currentState: VllmCircuitState = 'closed';
  private consecutiveFailures = 0;
  private openedAt = 0;
  private openMs: number;
  private closedAt: number | undefined;
  private trialsInFlight = 0;
  private trialSuccesses = 0;

  constructor(private readonly options: CircuitBreakerOptions) {
    this.openMs = options.resetTimeoutMs;
  }

  /** The current state (an open circuit whose open time has passed reports `half-open`). */
  get state(): VllmCircuitState {
    if (this.currentState === 'open' && this.options.now() - this.openedAt >= this.openMs) {
      this.transition('half-open');
    }
    return this.currentState;
  }

  /** Whether a request may be sent now (closed, or half-open with no trial running). */
  canRequest(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'half-open') return this.trialsInFlight === 0;
    return false;
  }

  /** Milliseconds until an open circuit turns half-open (0 when it is not open). */
  msUntilHalfOpen(): number {
    if (this.state !== 'open') return 0;
    return Math.max(0, this.openedAt + this.openMs - this.options.now());
  }

  /** Marks the start of a request; in the half-open state it is the trial. Returns a token for the outcome. */
  begin(): CircuitTicket {
    const trial = this.state === 'half-open';
    if (trial) this.trialsInFlight++;
    return { trial, settled: false };
  }

  /**
   * The endpoint came back (a health check passed after failing): an open circuit lets a trial
   * through now instead of waiting out its open time.
   */
  retryNow(): void {
    if (this.currentState === 'open') this.transition('half-open');
  }

  /** The request succeeded. */
  success(ticket: CircuitTicket): void {
    if (!this.settle(ticket)) return;
    this.consecutiveFailures = 0;
    if (this.currentState === 'half-open' && ticket.trial) {
      this.trialSuccesses++;
      if (this.trialSuccesses >= this.options.halfOpenSuccesses) this.transition('closed');
    }
  }

  /** The request failed (counts towards opening the circuit). */
  failure(ticket: CircuitTicket): void {
    if (!this.settle(ticket)) return;
    this.consecutiveFailures++;
    if (this.currentState === 'half-open') {
      // Only the trial's outcome decides; a late failure of a request sent while closed re-opens too,
      // which is the conservative choice.
      this.open();
    } else if (this.currentState === 'closed' && this.consecutiveFailures >= this.options.failureThreshold) {
      this.open();
    }
  }

  /** The request ended without an outcome (cancelled by the caller): frees a trial slot. */
  release(ticket: CircuitTicket): void {
    this.settle(ticket);
  }

  private settle(ticket: CircuitTicket): boolean {
    if (ticket.settled) return false;
    ticket.settled = true;
    if (ticket.trial) this.trialsInFlight = Math.max(0, this.trialsInFlight - 1);
    return true;
  }

  private open(): void {
    const now = this.options.now();
    if (this.currentState === 'closed') {
      // A relapse soon after recovering doubles the open time; a long healthy spell forgives.
      const relapse = this.closedAt !== undefined && now - this.closedAt < this.options.maxResetTimeoutMs;
      this.openMs = relapse
        ? Math.min(this.openMs * 2, this.options.maxResetTimeoutMs)
        : this.options.resetTimeoutMs;
    }
    this.openedAt = now;
    this.transition('open');
  }

  private transition(to: VllmCircuitState): void {
    if (to === 'open' || to === 'closed') this.trialSuccesses = 0;
    if (to === 'closed') {
      this.consecutiveFailures = 0;
      this.closedAt = this.options.now();
    }
    const changed = this.currentState !== to;
    this.currentState = to;
    // Re-opening from half-open is a change; open → open (a late failure) is not reported twice.
    if (changed) this.options.onTransition?.(to, { failures: this.consecutiveFailures, openMs: this.openMs });
  }
}

/** One request's claim on a breaker; settling it twice has no effect. */
export interface CircuitTicket {
  readonly trial: boolean;
  settled: boolean;
}
