import { Random } from '../generation/random';
import {
  type InjectedFault,
  STREAM_FAULTS,
  type VllmFault,
  type VllmFaultRule,
  type VllmRestartOptions,
  type VllmRestartResult,
} from './fault-types';

const INFERENCE_PATH =
  /^\/(v1\/(chat\/completions|completions|embeddings|score|rerank)|score|rerank|pooling|classify)$/;

interface ActiveRule extends VllmFaultRule {
  id: number;
  seen: number;
  injected: number;
  /** `performance.now()` when the rule was added (for `latency-ramp`). */
  addedAt: number;
}

/** What the controller acts on besides single requests (wired by `startVllmEmulator`). */
export interface FaultTargets {
  /** Kills the engine: `/health` → 503, inference → 500. */
  killEngine(): void;
  /** Takes the server down for `downMs` (connections dropped, new ones refused), then serves again. */
  restart(downMs: number): Promise<VllmRestartResult>;
}

/** A handle to remove one rule. */
export interface VllmFaultHandle {
  readonly id: number;
  remove(): void;
}

/**
 * Programmatic fault injection (`emulator.faults`). Rules are checked in the order added; every
 * matching `latency` rule applies, plus the first matching other fault.
 */
export class FaultController {
  private readonly rules: ActiveRule[] = [];
  private nextId = 1;
  private random: Random;
  /** Every fault injected so far, oldest first. */
  readonly injected: InjectedFault[] = [];

  constructor(
    seed: number,
    private readonly targets: FaultTargets,
  ) {
    this.random = new Random(seed ^ 0x5eed);
  }

  /** Adds a rule; returns a handle to remove it. */
  add(rule: VllmFaultRule): VllmFaultHandle {
    validateRule(rule);
    const active: ActiveRule = {
      ...rule,
      id: this.nextId++,
      seen: 0,
      injected: 0,
      addedAt: performance.now(),
    };
    this.rules.push(active);
    return { id: active.id, remove: () => this.remove(active.id) };
  }

  /** Injects `fault` into the next matching request only. */
  next(fault: VllmFault, options: Omit<VllmFaultRule, 'fault' | 'times'> = {}): VllmFaultHandle {
    return this.add({ ...options, fault, times: 1 });
  }

  /** Injects `fault` into every matching request until removed. */
  always(fault: VllmFault, options: Omit<VllmFaultRule, 'fault'> = {}): VllmFaultHandle {
    return this.add({ ...options, fault });
  }

  remove(id: number): void {
    const index = this.rules.findIndex((rule) => rule.id === id);
    if (index !== -1) this.rules.splice(index, 1);
  }

  /** Removes every rule (the injection log is kept). */
  clear(): void {
    this.rules.length = 0;
  }

  /** Re-seeds the PRNG used by `probability` rules. */
  seed(seed: number): void {
    this.random = new Random(seed ^ 0x5eed);
  }

  /** Kills the engine now: `/health` → 503, inference → 500. */
  killEngine(): void {
    this.targets.killEngine();
  }

  /**
   * Restarts the replica, as a rolling upgrade or a crash and restart would: open connections are
   * dropped (requests in flight fail: before their headers, or mid-stream), new connections are
   * refused for `downMs`, then it serves again with a fresh engine (a dead one is revived). Rules
   * stay. Resolves when it is serving again.
   */
  restart(options: VllmRestartOptions = {}): Promise<VllmRestartResult> {
    const downMs = options.downMs ?? 1000;
    if (!(typeof downMs === 'number' && downMs >= 0 && Number.isFinite(downMs))) {
      throw new RangeError("emulator.faults.restart: 'downMs' must be a number of milliseconds >= 0.");
    }
    return this.targets.restart(downMs);
  }

  /** The rules currently active. */
  list(): VllmFaultRule[] {
    return this.rules.map(({ fault, path, requests, probability, times }) => ({
      fault,
      path,
      requests,
      probability,
      times,
    }));
  }

  /** Picks the faults for one request (internal). */
  pick(path: string, stream: boolean): VllmFault[] {
    const picked: VllmFault[] = [];
    let terminal = false;
    for (const rule of [...this.rules]) {
      const pathMatches =
        rule.path === undefined
          ? INFERENCE_PATH.test(path)
          : typeof rule.path === 'string'
            ? path.startsWith(rule.path)
            : rule.path.test(path);
      if (!pathMatches || (STREAM_FAULTS.has(rule.fault.type) && !stream)) continue;
      const isLatency = rule.fault.type === 'latency' || rule.fault.type === 'latency-ramp';
      if (!isLatency && terminal) continue;
      rule.seen++;
      if (rule.requests && !rule.requests.includes(rule.seen)) continue;
      if (rule.probability !== undefined && this.random.next() >= rule.probability) continue;
      rule.injected++;
      if (rule.times !== undefined && rule.injected >= rule.times) this.remove(rule.id);
      this.injected.push({
        ruleId: rule.id,
        path,
        requestNumber: rule.seen,
        fault: rule.fault,
        at: Date.now(),
      });
      picked.push(resolveRamp(rule));
      if (!isLatency) terminal = true;
    }
    return picked;
  }
}

/** A `latency-ramp` rule as the `latency` it stands for now; other faults as they are. */
function resolveRamp(rule: ActiveRule): VllmFault {
  const fault = rule.fault;
  if (fault.type !== 'latency-ramp') return fault;
  const progress = fault.overMs <= 0 ? 1 : Math.min(1, (performance.now() - rule.addedAt) / fault.overMs);
  return { type: 'latency', ms: Math.round(fault.fromMs + (fault.toMs - fault.fromMs) * progress) };
}

function validateRule(rule: VllmFaultRule): void {
  const type = rule?.fault?.type;
  const known = [
    'latency',
    'latency-ramp',
    'http-error',
    'reset-before-headers',
    'reset-mid-stream',
    'error-event',
    'malformed-chunk',
    'truncate-stream',
    'hang',
    'engine-death',
  ];
  if (!known.includes(type)) {
    throw new TypeError(
      `emulator.faults: unknown fault type '${String(type)}'. Use one of: ${known.join(', ')}.`,
    );
  }
  if (rule.fault.type === 'latency' && !(rule.fault.ms >= 0)) {
    throw new RangeError("emulator.faults: a 'latency' fault needs 'ms' >= 0.");
  }
  if (rule.fault.type === 'latency-ramp') {
    const { fromMs, toMs, overMs } = rule.fault;
    if (!(fromMs >= 0 && toMs >= 0 && overMs >= 0)) {
      throw new RangeError(
        "emulator.faults: a 'latency-ramp' fault needs 'fromMs', 'toMs' and 'overMs' >= 0.",
      );
    }
  }
  if (rule.fault.type === 'http-error') {
    if (!(rule.fault.status >= 400 && rule.fault.status <= 599)) {
      throw new RangeError("emulator.faults: an 'http-error' fault needs a 'status' between 400 and 599.");
    }
    const retryAfter = rule.fault.retryAfter;
    if (retryAfter !== undefined && !(Number.isInteger(retryAfter) && retryAfter >= 0)) {
      throw new RangeError(
        "emulator.faults: 'retryAfter' is the Retry-After header in whole seconds (an integer >= 0).",
      );
    }
  }
  if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1)) {
    throw new RangeError("emulator.faults: 'probability' must be between 0 and 1.");
  }
}
