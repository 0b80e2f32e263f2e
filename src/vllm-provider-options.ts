import { InvalidArgumentError, type SharedV4ProviderOptions } from '@ai-sdk/provider';
import type { z } from 'zod/v4';

/**
 * Validates `providerOptions[key]` with a zod schema. Unlike provider-utils' generic parser, the
 * error names every offending option and the rule it broke, e.g.
 * `Invalid providerOptions.vllm.truncatePromptTokens: Too small: expected number to be >=-1`.
 * Returns `undefined` when the key is absent.
 */
export function parseVllmProviderOptions<SCHEMA extends z.ZodType>({
  providerOptions,
  key,
  schema,
}: {
  providerOptions: SharedV4ProviderOptions | undefined;
  key: string;
  schema: SCHEMA;
}): z.output<SCHEMA> | undefined {
  const value = providerOptions?.[key];
  if (value == null) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = [key, ...issue.path.map(String)].join('.');
    return `providerOptions.${path}: ${issue.message}`;
  });
  throw new InvalidArgumentError({
    argument: `providerOptions.${key}`,
    message: `Invalid ${problems.join('; ')}`,
    cause: result.error,
  });
}
