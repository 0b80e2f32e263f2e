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
