import type { RequestStats, VllmMetrics } from './vllm-metrics';

/** One request as the engine schedules it: `n` sequences decoded in lockstep. */
export interface EngineJob {
  promptTokens: number;
  n: number;
  /** `max_tokens` as requested/defaulted (for the `request_params_max_tokens` histogram). */
  maxTokens: number;
  /** Number of engine steps (tokens) of each sequence. */
  stepCounts: readonly number[];
  /** Finish reason of the request for `vllm:request_success` when it completes normally. */
  finishReason: 'stop' | 'length';
  /** Called when engine step `stepIndex` has produced its tokens (all sequences that have one). */
  onStep(stepIndex: number): void;
  /** Polled between steps; true when the client went away. */
  isAborted(): boolean;
}

/** How a job ended: normally, aborted by the client, or because the engine died. */
export type EngineOutcome = 'finished' | 'aborted' | 'dead';

export interface EngineConfig {
  maxNumSeqs: number;
  timeToFirstTokenMs: number;
  tokensPerSecond: number;
  /** KV-cache capacity in tokens (usage gauge = tokens held by running requests / capacity). */
  kvCacheTokens: number;
}

interface Entry {
  job: EngineJob;
  enqueuedAt: number;
  resolve: (outcome: EngineOutcome) => void;
  tokens: number;
}

/**
 * A tiny continuous-batching scheduler: at most `maxNumSeqs` sequences run; the rest wait (vLLM
 * never rejects for load). Each running sequence gets its first token after `timeToFirstTokenMs`
 * and then `tokensPerSecond`. Scheduler state and request stats feed {@link VllmMetrics}.
 */
export class Engine {
  private running = 0;
  private readonly queue: Entry[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly active = new Set<Entry>();
  private kvTokens = 0;
  private dead = false;

  constructor(
    private readonly config: EngineConfig,
    private readonly metrics: VllmMetrics,
  ) {}

  get runningSequences(): number {
    return this.running;
  }

  get waitingRequests(): number {
    return this.queue.length;
  }

  get isDead(): boolean {
    return this.dead;
  }

  run(job: EngineJob): Promise<EngineOutcome> {
    if (this.dead) return Promise.resolve('dead');
    return new Promise((resolve) => {
      const entry: Entry = { job, enqueuedAt: performance.now(), resolve, tokens: 0 };
      this.queue.push(entry);
      this.pump();
    });
  }

  /** Engine death: every queued and running request ends with `dead`; later ones too. */
  kill(): void {
    this.dead = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const entry of [...this.queue.splice(0), ...this.active]) entry.resolve('dead');
    this.active.clear();
    this.running = 0;
    this.kvTokens = 0;
    this.updateGauges();
  }

  /** A restarted server's fresh engine: pending jobs end as aborted, a dead engine lives again. */
  restart(): void {
    this.close();
    this.dead = false;
    this.running = 0;
    this.kvTokens = 0;
    this.updateGauges();
  }

  /** Stops all timers; pending jobs end as aborted. */
  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const entry of [...this.queue.splice(0), ...this.active]) entry.resolve('aborted');
    this.active.clear();
  }

  private updateGauges(): void {
    const usage = Math.min(1, this.kvTokens / this.config.kvCacheTokens);
    this.metrics.setSchedulerState(this.running, this.queue.length, usage);
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const next = this.queue[0];
      const fits = this.running + next.job.n <= this.config.maxNumSeqs || this.running === 0;
      if (!fits) break;
      this.queue.shift();
      this.start(next);
    }
    this.updateGauges();
  }

  private start(entry: Entry): void {
    const { job } = entry;
    if (job.isAborted()) {
      entry.resolve('aborted');
      return;
    }
    this.running += job.n;
    entry.tokens = job.promptTokens + job.stepCounts.reduce((sum, count) => sum + count, 0);
    this.kvTokens += entry.tokens;
    this.active.add(entry);
    const startedAt = performance.now();
    const total = Math.max(0, ...job.stepCounts);
    const { timeToFirstTokenMs, tokensPerSecond } = this.config;
    const interval = tokensPerSecond > 0 && Number.isFinite(tokensPerSecond) ? 1000 / tokensPerSecond : 0;
    const stamps: number[] = [];
    let step = 0;
    const tick = () => {
      if (!this.active.has(entry)) return;
      const now = performance.now();
      while (step < total && startedAt + timeToFirstTokenMs + step * interval <= now) {
        if (job.isAborted()) return this.finish(entry, 'aborted', startedAt, stamps);
        job.onStep(step);
        const stamp = performance.now();
        if (step === 0) this.metrics.recordPrefill(job.promptTokens, (stamp - entry.enqueuedAt) / 1000);
        const previous = stamps.at(-1);
        this.metrics.recordStep(
          job.stepCounts.filter((count) => count > step).length,
          previous === undefined ? undefined : (stamp - previous) / 1000,
        );
        stamps.push(stamp);
        step++;
      }
      if (step >= total) return this.finish(entry, 'finished', startedAt, stamps);
      const delay = Math.max(0, startedAt + timeToFirstTokenMs + step * interval - performance.now());
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        tick();
      }, delay);
      this.timers.add(timer);
    };
    tick();
  }

  private finish(entry: Entry, outcome: 'finished' | 'aborted', startedAt: number, stamps: number[]): void {
    this.active.delete(entry);
    this.running -= entry.job.n;
    this.kvTokens -= entry.tokens;
    const { job } = entry;
    const first = stamps[0] ?? performance.now();
    const stats: RequestStats = {
      promptTokens: job.promptTokens,
      generationTokens: job.stepCounts.reduce((sum, count) => sum + count, 0),
      n: job.n,
      maxTokens: job.maxTokens,
      finishReason: outcome === 'aborted' ? 'abort' : job.finishReason,
      queueSeconds: (startedAt - entry.enqueuedAt) / 1000,
      prefillSeconds: (first - startedAt) / 1000,
      decodeSeconds: (performance.now() - first) / 1000,
    };
    this.metrics.recordRequest(stats);
    entry.resolve(outcome);
    this.pump();
  }
}
