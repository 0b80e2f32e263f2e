import { InvalidArgumentError } from '@ai-sdk/provider';
import type { VllmBenchmarkEndpoint, VllmBenchmarkOptions } from './benchmark-types';

/** {@link VllmBenchmarkOptions} with defaults applied and every value checked. */
export interface ResolvedBenchmarkOptions {
  concurrency: number[];
  requests: ((concurrency: number) => number) | number;
  promptTokens: number;
  outputTokens: number;
  ignoreEos: boolean;
  warmup: ((concurrency: number) => number) | number;
  streaming: boolean;
  endpoint: VllmBenchmarkEndpoint;
  timeoutMs: number;
  extraBody: Record<string, unknown>;
}

export const DEFAULT_BENCHMARK_CONCURRENCY: readonly number[] = [1, 4, 16, 64];

function fail(argument: string, message: string): never {
  throw new InvalidArgumentError({ argument, message: `benchmarkServer: ${message}` });
}

function integer(name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    fail(name, `option '${name}' must be an integer >= ${min}, got ${JSON.stringify(value)}.`);
  }
  return value;
}

/** Applies defaults and validates the options, naming the option and the fix in each error. */
export function resolveBenchmarkOptions(options: VllmBenchmarkOptions): ResolvedBenchmarkOptions {
  const concurrency = options.concurrency ?? [...DEFAULT_BENCHMARK_CONCURRENCY];
  if (!Array.isArray(concurrency) || concurrency.length === 0) {
    fail(
      'concurrency',
      "option 'concurrency' must be a non-empty array of positive integers, e.g. [1, 4, 16, 64].",
    );
  }
  concurrency.forEach((level, index) => {
    integer(`concurrency[${index}]`, level, 1);
  });
  if (options.model !== undefined && (typeof options.model !== 'string' || options.model.trim() === '')) {
    fail(
      'model',
      "option 'model' must be a non-empty served model name (or leave it out to use the first one /v1/models lists).",
    );
  }
  const endpoint = options.endpoint ?? 'chat';
  if (endpoint !== 'chat' && endpoint !== 'completion') {
    fail('endpoint', `option 'endpoint' must be 'chat' or 'completion', got ${JSON.stringify(endpoint)}.`);
  }
  if (
    options.extraBody !== undefined &&
    (typeof options.extraBody !== 'object' || options.extraBody === null || Array.isArray(options.extraBody))
  ) {
    fail('extraBody', "option 'extraBody' must be an object of body fields.");
  }
  return {
    concurrency: [...concurrency],
    requests:
      options.requests === undefined
        ? (level: number) => Math.max(32, 8 * level)
        : integer('requests', options.requests, 1),
    promptTokens: integer('promptTokens', options.promptTokens ?? 256, 1),
    outputTokens: integer('outputTokens', options.outputTokens ?? 128, 1),
    ignoreEos: options.ignoreEos ?? true,
    warmup: options.warmup === undefined ? (level: number) => level : integer('warmup', options.warmup, 0),
    streaming: options.streaming ?? true,
    endpoint,
    timeoutMs: integer('timeoutMs', options.timeoutMs ?? 600_000, 0),
    extraBody: options.extraBody ?? {},
  };
}

/** The value of a per-level option for one concurrency level. */
export function forLevel(value: ((concurrency: number) => number) | number, concurrency: number): number {
  return typeof value === 'number' ? value : value(concurrency);
}
