import { Random } from '../generation/random';
import { type InjectedFault, STREAM_FAULTS, type VllmFault, type VllmFaultRule } from './fault-types';

const INFERENCE_PATH =
  /^\/(v1\/(chat\/completions|completions|embeddings|score|rerank)|score|rerank|pooling|classify)$/;

interface ActiveRule extends VllmFaultRule {
  id: number;
  seen: number;
  injected: number;
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
    private readonly onEngineDeath: () => void,
  ) {
    this.random = new Random(seed ^ 0x5eed);
  }

  /** Adds a rule; returns a handle to remove it. */
  add(rule: VllmFaultRule): VllmFaultHandle {
    validateRule(rule);
    const active: ActiveRule = { ...rule, id: this.nextId++, seen: 0, injected: 0 };
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
    this.onEngineDeath();
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
      const isLatency = rule.fault.type === 'latency';
      if (!isLatency && terminal) continue;
      rule.seen++;
      if (rule.requests && !rule.requests.includes(rule.seen)) continue;
      if (rule.probability !== undefined && this.random.next() >= rule.probability) continue;
      rule.injected++;
      if (rule.times !== undefined && rule.injected >= rule.times) this.remove(rule.id);
      this.injected.push({ ruleId: rule.id, path, requestNumber: rule.seen, fault: rule.fault });
      picked.push(rule.fault);
      if (!isLatency) terminal = true;
    }
    return picked;
  }
}

function validateRule(rule: VllmFaultRule): void {
  const type = rule?.fault?.type;
  const known = [
    'latency',
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
  if (rule.fault.type === 'http-error' && !(rule.fault.status >= 400 && rule.fault.status <= 599)) {
    throw new RangeError("emulator.faults: an 'http-error' fault needs a 'status' between 400 and 599.");
  }
  if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1)) {
    throw new RangeError("emulator.faults: 'probability' must be between 0 and 1.");
  }
}
