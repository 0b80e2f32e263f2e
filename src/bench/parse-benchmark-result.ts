import { TypeValidationError } from '@ai-sdk/provider';
import { z } from 'zod/v4';
import type { VllmBenchmarkResult } from './benchmark-types';

const latencySchema = z.object({
  count: z.number(),
  mean: z.number(),
  min: z.number(),
  p50: z.number(),
  p90: z.number(),
  p99: z.number(),
  max: z.number(),
});

const levelSchema = z.object({
  concurrency: z.number().int().positive(),
  requests: z.number(),
  completed: z.number(),
  errors: z.number(),
  errorSamples: z.array(z.object({ message: z.string(), count: z.number() })),
  durationMs: z.number(),
  requestsPerSecond: z.number(),
  outputTokensPerSecond: z.number(),
  totalTokensPerSecond: z.number(),
  meanPromptTokens: z.number(),
  meanOutputTokens: z.number(),
  ttftMs: latencySchema.nullable(),
  itlMs: latencySchema.nullable(),
  tpotMs: latencySchema.nullable(),
  e2eMs: latencySchema,
});

const resultSchema = z.object({
  format: z.literal('vllm-ai-provider/benchmark'),
  formatVersion: z.literal(1),
  startedAt: z.string(),
  durationMs: z.number(),
  server: z.object({ baseURL: z.string(), model: z.string(), vllmVersion: z.string().nullable() }),
  settings: z.object({
    endpoint: z.enum(['chat', 'completion']),
    streaming: z.boolean(),
    promptTokens: z.number(),
    promptWords: z.number(),
    promptCalibrated: z.boolean(),
    outputTokens: z.number(),
    ignoreEos: z.boolean(),
  }),
  levels: z.array(levelSchema),
});

/**
 * Checks that `value` (e.g. `JSON.parse` of a saved file) is a benchmark result of a format this
 * version reads; throws a `TypeValidationError` naming the first wrong field otherwise.
 */
export function parseBenchmarkResult(value: unknown): VllmBenchmarkResult {
  const parsed = resultSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue.path.length > 0 ? issue.path.join('.') : '(root)';
  throw new TypeValidationError({
    value,
    cause: new Error(
      `Not a vllm-ai-provider benchmark result: ${path}: ${issue.message}. Files written by saveBenchmark() (format 'vllm-ai-provider/benchmark', formatVersion 1) can be read.`,
    ),
  });
}
