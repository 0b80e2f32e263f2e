import type { ParsedLogLine } from './log-lines';
import type { VllmStartupFacts, VllmStartupPhase } from './startup-phases';

export interface PhaseRule {
  phase: VllmStartupPhase;
  pattern: RegExp;
  message: string;
}

// First match wins; patterns accept the wording of older releases too (STARTUP-LOGS.md §3, §6).
export const PHASE_RULES: readonly PhaseRule[] = [
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

export function percentOf(parsed: ParsedLogLine): number | undefined {
  const match = /:\s*(\d{1,3})%/.exec(parsed.message);
  return match ? Math.min(100, Number(match[1])) : undefined;
}
