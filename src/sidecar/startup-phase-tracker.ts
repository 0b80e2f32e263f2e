import { type ParsedLogLine, parseLogLine } from './log-lines';
import { collectStartupFacts, PHASE_RULES, percentOf } from './startup-log-rules';
import {
  VLLM_STARTUP_PHASES,
  type VllmStartupFacts,
  type VllmStartupPhase,
  type VllmStartupProgress,
} from './startup-phases';

/**
 * Turns log lines (and sidecar milestones) into ordered progress events; phases only move forward.
 * Lines can arrive slightly out of order (stdout and stderr travel separately), so with a
 * `reorderWindowMs` events are held that long and emitted sorted by phase.
 */
export class StartupPhaseTracker {
  private highest = -1;
  private emittedIndex = -1;
  private readonly entered = new Set<number>();
  private lastPercent: number | undefined;
  private held: Array<{ index: number; sequence: number; progress: VllmStartupProgress }> = [];
  private sequence = 0;
  private timer: NodeJS.Timeout | undefined;
  readonly facts: VllmStartupFacts = {};

  constructor(
    private readonly emit: (progress: VllmStartupProgress) => void,
    private readonly elapsedMs: () => number,
    private readonly reorderWindowMs = 0,
  ) {}

  /** The latest phase entered, if any. */
  get phase(): VllmStartupPhase | undefined {
    return this.highest >= 0 ? VLLM_STARTUP_PHASES[this.highest] : undefined;
  }

  /** Enters `phase` unless it was entered or a later phase was already reported; returns whether it did. */
  enter(phase: VllmStartupPhase, message: string, extra: { line?: string; percent?: number } = {}): boolean {
    const index = VLLM_STARTUP_PHASES.indexOf(phase);
    if (this.entered.has(index) || index <= this.emittedIndex) return false;
    this.entered.add(index);
    if (index > this.highest) {
      this.highest = index;
      this.lastPercent = extra.percent;
    }
    this.queue(index, this.progress(phase, true, message, extra));
    return true;
  }

  /** Emits an update within the current phase (`bytes` or `percent`). */
  update(message: string, extra: { percent?: number; bytes?: number; line?: string }): void {
    const phase = this.phase;
    if (phase === undefined) return;
    this.queue(this.highest, this.progress(phase, false, message, extra));
  }

  /** Emits every held event now (before `ready`, or before a start fails). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const held = this.held.sort((a, b) => a.index - b.index || a.sequence - b.sequence);
    this.held = [];
    for (const { index, progress } of held) {
      this.emittedIndex = Math.max(this.emittedIndex, index);
      this.emit(progress);
    }
  }

  private queue(index: number, progress: VllmStartupProgress): void {
    this.held.push({ index, sequence: this.sequence++, progress });
    if (this.reorderWindowMs <= 0) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.reorderWindowMs);
  }

  /** Feeds one (redacted) log line. Returns the parsed line for further checks. */
  handleLine(line: string): ParsedLogLine {
    const parsed = parseLogLine(line);
    collectStartupFacts(parsed, this.facts);
    const rule = PHASE_RULES.find((candidate) => candidate.pattern.test(parsed.message));
    if (rule) {
      if (
        !this.enter(rule.phase, rule.message, { line, percent: percentOf(parsed) }) &&
        rule.phase === this.phase
      ) {
        this.reportPercent(parsed, line);
      }
    } else if (this.highest < 0) {
      this.enter('starting', 'vLLM is starting', { line });
    }
    return parsed;
  }

  private reportPercent(parsed: ParsedLogLine, line: string): void {
    const percent = percentOf(parsed);
    if (percent === undefined || percent === this.lastPercent) return;
    this.lastPercent = percent;
    const what = parsed.message.slice(0, parsed.message.indexOf(':'));
    this.update(`${what}: ${percent}%`, { percent, line });
  }

  private progress(
    phase: VllmStartupPhase,
    phaseStarted: boolean,
    message: string,
    extra: { percent?: number; bytes?: number; line?: string },
  ): VllmStartupProgress {
    const progress: VllmStartupProgress = {
      phase,
      step: VLLM_STARTUP_PHASES.indexOf(phase) + 1,
      totalSteps: VLLM_STARTUP_PHASES.length,
      phaseStarted,
      message,
      elapsedMs: Math.round(this.elapsedMs()),
    };
    if (extra.percent !== undefined) progress.percent = extra.percent;
    if (extra.bytes !== undefined) progress.bytes = extra.bytes;
    if (extra.line !== undefined) progress.line = extra.line;
    return progress;
  }
}
