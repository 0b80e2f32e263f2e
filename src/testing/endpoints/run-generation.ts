import type { RouteRequest } from '../emulator-server';
import type { EngineOutcome } from '../engine/engine';
import type { CacheAdmission, CacheJob } from '../engine/prefix-cache/prefix-cache-scheduler';
import type { SequenceResult } from '../generation/sequence';
import { VllmHttpError } from '../http/vllm-error';

/** vLLM's `EngineDeadError` as an HTTP 500. */
export function engineDeadError(): VllmHttpError {
  return new VllmHttpError(
    500,
    'EngineCore encountered an issue. See stack trace (above) for the root cause.',
    'InternalServerError',
  );
}

/**
 * Runs the sequences of one request through the engine (queueing, TTFT, tokens/s, metrics),
 * calling `onStep` as tokens are produced. The request counts as aborted when the client goes away.
 */
export function runGeneration(
  route: RouteRequest,
  job: {
    promptTokens: number;
    n: number;
    maxTokens: number;
    results: readonly SequenceResult[];
    cache?: CacheJob;
    onAdmitted?: (admission: CacheAdmission) => void;
  },
  onStep: (stepIndex: number) => void,
): Promise<EngineOutcome> {
  let aborted = false;
  route.response.once('close', () => {
    if (!route.response.writableFinished) aborted = true;
  });
  const anyLength = job.results.some((result) => result.finishReason === 'length');
  return route.ctx.engine.run({
    promptTokens: job.promptTokens,
    n: job.n,
    maxTokens: job.maxTokens,
    stepCounts: job.results.map((result) => result.steps.reduce((sum, step) => sum + step.ids.length, 0)),
    finishReason: anyLength ? 'length' : 'stop',
    onStep,
    isAborted: () => aborted || route.response.destroyed,
    cache: job.cache,
    onAdmitted: job.onAdmitted,
  });
}
