import { type ParsedLogLine, parseLogLine } from './log-lines';

/** Startup phases in order. `pulling-image` and `ready` come from the sidecar, the rest from vLLM's log lines. */
export const VLLM_STARTUP_PHASES = [
  'pulling-image',
  'starting',
  'resolving-model',
  'initializing-engine',
  'downloading-weights',
  'loading-weights',
  'compiling',
  'profiling-memory',
  'capturing-cuda-graphs',
  'starting-api-server',
  'ready',
] as const;

/** A startup phase (see {@link VLLM_STARTUP_PHASES}). */
export type VllmStartupPhase = (typeof VLLM_STARTUP_PHASES)[number];

/** A short title per phase, for progress displays. */
export const VLLM_STARTUP_PHASE_TITLES: Readonly<Record<VllmStartupPhase, string>> = Object.freeze({
  'pulling-image': 'Pulling the image',
  starting: 'Starting vLLM',
  'resolving-model': 'Resolving the model',
  'initializing-engine': 'Initializing the engine',
  'downloading-weights': 'Downloading the weights',
  'loading-weights': 'Loading the weights',
  compiling: 'Compiling (torch.compile)',
  'profiling-memory': 'Profiling memory, KV cache',
  'capturing-cuda-graphs': 'Capturing CUDA graphs',
  'starting-api-server': 'Starting the API server',
  ready: 'Ready',
});

/** One progress event: a new phase (`phaseStarted: true`) or an update within the current one. */
export interface VllmStartupProgress {
  phase: VllmStartupPhase;
  /** 1-based position of `phase` in {@link VLLM_STARTUP_PHASES}. Phases a server skips are skipped here too. */
  step: number;
  /** Number of phases (`VLLM_STARTUP_PHASES.length`). */
  totalSteps: number;
  /** `true` for the first event of a phase, `false` for updates within it. */
  phaseStarted: boolean;
  /** What is happening, for humans. */
  message: string;
  /** Progress within the phase, 0–100, when vLLM prints it (checkpoint shards, CUDA graphs). */
  percent?: number;
  /** Bytes so far (weights in the Hugging Face cache while downloading, image layers while pulling). */
  bytes?: number;
  /** Milliseconds since the start began. */
  elapsedMs: number;
  /** The log line behind this event, if any (secrets redacted). */
  line?: string;
}

/** Facts vLLM prints while starting, collected for the started server. */
export interface VllmStartupFacts {
  vllmVersion?: string;
  architecture?: string;
  maxModelLen?: number;
  kvCacheTokens?: number;
  maxConcurrency?: number;
  supportedTasks?: string[];
}

interface PhaseRule {
  phase: VllmStartupPhase;
  pattern: RegExp;
  message: string;
}

// First match wins; patterns accept the wording of older releases too (STARTUP-LOGS.md §3, §6).
const PHASE_RULES: readonly PhaseRule[] = [
  {
    phase: 'starting',
    pattern: /(?:^|\s)version \S+$|^vLLM (?:API )?server version|^non-default args:/,
    message: 'vLLM is starting',
  },
  {
    phase: 'resolving-model',
    pattern: /^Resolved architecture:|^Using max model len/,
    message: 'Resolving the model configuration',
  },
  {
    phase: 'initializing-engine',
    pattern: /^Initializing a V1 LLM engine|^world_size=\d+ rank=/,
    message: 'Initializing the engine',
  },
  {
    phase: 'downloading-weights',
    pattern:
      /^Starting to load model|^Loading model from scratch|found in local cache\.$|^Prefetching checkpoint files/,
    message: 'Downloading the weights (if not cached)',
  },
  {
    phase: 'loading-weights',
    pattern:
      /^Time spent downloading weights|^Loading (?:safetensors|pt) checkpoint shards|^Loading weights took|^Model loading took/,
    message: 'Loading the weights',
  },
  {
    phase: 'compiling',
    pattern:
      /torch\.compile|^Dynamo bytecode transform|compile range|^Directly load the compiled graph|AOT compil/,
    message: 'Compiling the model (torch.compile)',
  },
  {
    phase: 'profiling-memory',
    pattern:
      /^Initial profiling\/warmup run|^Profiling CUDA graph memory|^Available KV cache memory|^GPU KV cache size/,
    message: 'Profiling memory and allocating the KV cache',
  },
  {
    phase: 'capturing-cuda-graphs',
    pattern: /^Capturing CUDA graphs|^Graph capturing finished/,
    message: 'Capturing CUDA graphs',
  },
  {
    phase: 'starting-api-server',
    pattern:
      /^init engine \(profile|^Supported tasks:|^Starting vLLM (?:API )?server|^Available routes are|^Started server process|^Waiting for application startup/,
    message: 'Starting the API server',
  },
];

/** The phase a log line announces, if any. */
export function phaseOfLogLine(parsed: ParsedLogLine): VllmStartupPhase | undefined {
  return PHASE_RULES.find((rule) => rule.pattern.test(parsed.message))?.phase;
}

/** Whether a line is uvicorn's "Application startup complete." (the server answers /health from now on). */
export function isApplicationStartupComplete(parsed: ParsedLogLine): boolean {
  return /^Application startup complete\.?/.test(parsed.message);
}

function toNumber(text: string): number {
  return Number(text.replace(/,/g, ''));
}

const FACT_RULES: ReadonlyArray<[RegExp, (match: RegExpExecArray, facts: VllmStartupFacts) => void]> = [
  [/(?:^|\s)version (\d\S*)$/, (match, facts) => (facts.vllmVersion = match[1])],
  [/^vLLM (?:API )?server version (\S+?),?(?:\s|$)/, (match, facts) => (facts.vllmVersion = match[1])],
  [/^Resolved architecture: (\S+)/, (match, facts) => (facts.architecture = match[1])],
  [/^Using max model len (\d+)/, (match, facts) => (facts.maxModelLen = Number(match[1]))],
  [
    /^Supported tasks: \[(.*)\]/,
    (match, facts) => (facts.supportedTasks = [...match[1].matchAll(/'([^']+)'/g)].map((task) => task[1])),
  ],
  [/GPU KV cache size: ([\d,]+) tokens/, (match, facts) => (facts.kvCacheTokens = toNumber(match[1]))],
  [
    /Maximum concurrency for [\d,]+ tokens per request: ([\d.]+)x/,
    (match, facts) => (facts.maxConcurrency = Number(match[1])),
  ],
];

/** Records any fact a line carries into `facts`. */
export function collectStartupFacts(parsed: ParsedLogLine, facts: VllmStartupFacts): void {
  for (const [pattern, record] of FACT_RULES) {
    const match = pattern.exec(parsed.message);
    if (match) record(match, facts);
  }
}

function percentOf(parsed: ParsedLogLine): number | undefined {
  const match = /:\s*(\d{1,3})%/.exec(parsed.message);
  return match ? Math.min(100, Number(match[1])) : undefined;
}

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
