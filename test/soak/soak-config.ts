/** What one soak run does: fleet size, load, client settings, fault pacing. */
export interface SoakConfig {
  /** Calls to make (every kind together). */
  calls: number;
  /** Calls in flight at once (the load generator's workers). */
  concurrency: number;
  /** Chat replicas (chat, streams, batches) and embedding replicas. */
  chatReplicas: number;
  embeddingReplicas: number;
  /** Share of each call kind (normalised). */
  mix: Record<CallKind, number>;
  /** Tokens per generated answer; with the emulator's speed this sets a call's duration. */
  maxOutputTokens: number;
  /** Emulated engine speed. */
  timeToFirstTokenMs: number;
  tokensPerSecond: number;
  /** Client (router) settings under test. */
  client: {
    maxConcurrentRequests: number;
    maxQueuedRequests: number;
    headersTimeoutMs: number;
    timeoutMs: number;
    healthCheckIntervalMs: number;
    failureThreshold: number;
    resetTimeoutMs: number;
  };
  /**
   * Shortest time a replica is down in a restart, and between two restarts (the schedule scales
   * both with the call rate). At least two health-check intervals, so checks see the outage.
   */
  minDownMs: number;
  /** Seed of the load mix and the faults' dice. */
  seed: number;
  /** Timeline bucket, ms. */
  sampleMs: number;
}

/** The kinds of calls in the mixed load. */
export type CallKind = 'generate' | 'stream' | 'embed' | 'batch' | 'abort-generate' | 'abort-stream';

export const CALL_KINDS: readonly CallKind[] = [
  'generate',
  'stream',
  'embed',
  'batch',
  'abort-generate',
  'abort-stream',
];

export const CHAT_MODEL = 'Qwen/Qwen3-0.6B';
export const EMBEDDING_MODEL = 'Qwen/Qwen3-Embedding-0.6B';
/** Prompts per `generateBatch` call. */
export const BATCH_SIZE = 4;

const base: Omit<SoakConfig, 'calls' | 'minDownMs'> = {
  concurrency: 64,
  chatReplicas: 4,
  embeddingReplicas: 2,
  mix: { generate: 38, stream: 30, embed: 14, batch: 6, 'abort-generate': 6, 'abort-stream': 6 },
  maxOutputTokens: 16,
  timeToFirstTokenMs: 40,
  tokensPerSecond: 40,
  client: {
    maxConcurrentRequests: 48,
    maxQueuedRequests: 32,
    headersTimeoutMs: 3_000,
    timeoutMs: 30_000,
    healthCheckIntervalMs: 500,
    failureThreshold: 5,
    resetTimeoutMs: 2_000,
  },
  seed: 14,
  sampleMs: 500,
};

/** `npm run soak`: 10,000 calls at concurrency 64. */
export const FULL_SOAK: SoakConfig = { ...base, calls: 10_000, minDownMs: 1_000 };

/** The short run in `npm test`: the same schedule over 1,000 calls, with faster health checks. */
export const SHORT_SOAK: SoakConfig = {
  ...base,
  calls: 1_000,
  minDownMs: 500,
  client: { ...base.client, healthCheckIntervalMs: 200 },
};
