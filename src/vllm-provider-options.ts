import { InvalidArgumentError, type SharedV4ProviderOptions } from '@ai-sdk/provider';
import type { z } from 'zod/v4';

/**
 * Validates `providerOptions[key]` with a zod schema. Unlike provider-utils' generic parser, the
 * error names every offending option and the rule it broke, e.g.
 * `Invalid providerOptions.vllm.truncatePromptTokens: Too small: expected number to be >=-1`.
 * Returns `undefined` when the key is absent.
 *
 * `value` replaces `providerOptions[key]` (e.g. after renaming raw snake_case keys), and
 * `displayKeys` maps a renamed top-level key back to the spelling the caller used, for messages.
 */
export function parseVllmProviderOptions<SCHEMA extends z.ZodType>({
  providerOptions,
  key,
  schema,
  value = providerOptions?.[key],
  displayKeys,
}: {
  providerOptions: SharedV4ProviderOptions | undefined;
  key: string;
  schema: SCHEMA;
  value?: unknown;
  displayKeys?: Readonly<Record<string, string>>;
}): z.output<SCHEMA> | undefined {
  if (value == null) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const segments = issue.path.map(String);
    if (segments.length > 0 && displayKeys?.[segments[0]] !== undefined)
      segments[0] = displayKeys[segments[0]];
    const path = [key, ...segments].join('.');
    return `providerOptions.${path}: ${issue.message}`;
  });
  throw new InvalidArgumentError({
    argument: `providerOptions.${key}`,
    message: `Invalid ${problems.join('; ')}`,
    cause: result.error,
  });
}
