import type { CacheAdmission, CacheJob, PrefixCacheScheduler } from './prefix-cache/prefix-cache-scheduler';
import type { RequestStats, VllmMetrics } from './vllm-metrics';

/** One request as the engine schedules it: `n` sequences decoded in lockstep. */
export interface EngineJob {
  /** Prompt tokens of the request; counted as given only when the job has no `cache` view. */
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
  /** Prompt and output token ids for the KV cache; without it the job holds no blocks. */
  cache?: CacheJob;
  /** Called when the job is admitted, with what the prefix cache found. */
  onAdmitted?(admission: CacheAdmission): void;
}

/** How a job ended: normally, aborted by the client, or because the engine died. */
export type EngineOutcome = 'finished' | 'aborted' | 'dead';

export interface EngineConfig {
  maxNumSeqs: number;
  timeToFirstTokenMs: number;
  tokensPerSecond: number;
  /** Prompt tokens prefilled per second (not counting prefix-cache hits); `Infinity` = instant. */
  prefillTokensPerSecond: number;
}

interface Entry {
  job: EngineJob;
  enqueuedAt: number;
  resolve: (outcome: EngineOutcome) => void;
  admission: CacheAdmission | undefined;
  steps: number;
}

/**
 * A tiny continuous-batching scheduler: at most `maxNumSeqs` sequences run and the KV-cache block
 * pool must hold them; the rest wait (vLLM never rejects for load). A request's prompt tokens that
 * the prefix cache does not hold are prefilled at `prefillTokensPerSecond`, one request after
 * another (prefill is compute-bound); its first token comes `timeToFirstTokenMs` after that, then
 * `tokensPerSecond`. Scheduler state and request stats feed {@link VllmMetrics}.
 */
export class Engine {
  private running = 0;
  private readonly queue: Entry[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly active = new Set<Entry>();
  private dead = false;
  /** When the prefill lane is free again (performance.now() ms). */
  private prefillFreeAt = 0;

  constructor(
    private readonly config: EngineConfig,
    private readonly metrics: VllmMetrics,
    readonly cache: PrefixCacheScheduler,
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
      const entry: Entry = { job, enqueuedAt: performance.now(), resolve, admission: undefined, steps: 0 };
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
    this.updateGauges();
  }

  /** A restarted server's fresh engine: pending jobs end as aborted, a dead engine lives again. */
  restart(): void {
    this.close();
    this.dead = false;
    this.running = 0;
    // A restarted vLLM starts with an empty KV cache: nothing held, nothing cached.
    this.cache.manager.reset();
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
    this.metrics.setSchedulerState(this.running, this.queue.length, this.cache.manager.usage);
    this.metrics.setPrefixCacheStats(this.cache.manager.takeStats());
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const next = this.queue[0];
      if (next.job.isAborted()) {
        this.queue.shift();
        next.resolve('aborted');
        continue;
      }
      const idle = this.running === 0;
      if (this.running + next.job.n > this.config.maxNumSeqs && !idle) break;
      if (next.job.cache !== undefined) {
        next.admission = this.cache.tryAdmit(next.job.cache, idle);
        if (next.admission === undefined) break;
      }
      this.queue.shift();
      this.start(next);
    }
    this.updateGauges();
  }

  /** When the prefill of `tokens` prompt tokens, queued behind earlier prefills, is done. */
  private prefillDoneAt(tokens: number): number {
    const rate = this.config.prefillTokensPerSecond;
    const start = Math.max(performance.now(), this.prefillFreeAt);
    this.prefillFreeAt = start + (rate > 0 && Number.isFinite(rate) ? (tokens / rate) * 1000 : 0);
    return this.prefillFreeAt;
  }

  private start(entry: Entry): void {
    const { job, admission } = entry;
    this.running += job.n;
    this.active.add(entry);
    if (admission !== undefined) job.onAdmitted?.(admission);
    const startedAt = performance.now();
    const total = Math.max(0, ...job.stepCounts);
    const { timeToFirstTokenMs, tokensPerSecond } = this.config;
    // vLLM runs each of the `n` sequences as a child request with its own prompt, counted (with its
    // own cache hits) when it is prefilled; the admission counts over every sequence likewise.
    const prefill = admission ?? {
      promptTokens: job.promptTokens,
      hitTokens: 0,
      computeTokens: job.promptTokens,
    };
    const firstTokenAt = this.prefillDoneAt(prefill.computeTokens) + timeToFirstTokenMs;
    const interval = tokensPerSecond > 0 && Number.isFinite(tokensPerSecond) ? 1000 / tokensPerSecond : 0;
    const stamps: number[] = [];
    let step = 0;
    const tick = () => {
      if (!this.active.has(entry)) return;
      const now = performance.now();
      while (step < total && firstTokenAt + step * interval <= now) {
        if (job.isAborted()) return this.finish(entry, 'aborted', startedAt, stamps);
        job.onStep(step);
        entry.steps = step + 1;
        const stamp = performance.now();
        if (step === 0) {
          this.metrics.recordPrefill(
            prefill.promptTokens,
            (stamp - entry.enqueuedAt) / 1000,
            prefill.hitTokens,
          );
        }
        const previous = stamps.at(-1);
        this.metrics.recordStep(
          job.stepCounts.filter((count) => count > step).length,
          previous === undefined ? undefined : (stamp - previous) / 1000,
        );
        stamps.push(stamp);
        step++;
      }
      if (step >= total) return this.finish(entry, 'finished', startedAt, stamps);
      const delay = Math.max(0, firstTokenAt + step * interval - performance.now());
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
    if (entry.admission !== undefined) this.cache.finish(entry.admission, entry.steps);
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
