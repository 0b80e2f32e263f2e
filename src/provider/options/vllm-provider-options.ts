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

/**
 * Like {@link parseVllmProviderOptions} for an object schema without object-level rules, but
 * validates only the options present in `value` (each with its own field schema): a call that sets
 * three of sixty options pays for three. Same result and the same error message.
 */
export function parseVllmProviderOptionFields<SHAPE extends Record<string, z.ZodType>>({
  key,
  shape,
  value,
  displayKeys,
}: {
  key: string;
  shape: SHAPE;
  value: Record<string, unknown>;
  displayKeys?: Readonly<Record<string, string>>;
}): { [FIELD in keyof SHAPE]?: z.output<SHAPE[FIELD]> } {
  const result: Record<string, unknown> = {};
  const problems: string[] = [];
  let firstError: unknown;
  for (const field in value) {
    const schema = shape[field];
    if (schema === undefined) continue;
    const parsed = schema.safeParse(value[field]);
    if (parsed.success) {
      result[field] = parsed.data;
      continue;
    }
    firstError ??= parsed.error;
    for (const issue of parsed.error.issues) {
      const path = [key, displayKeys?.[field] ?? field, ...issue.path.map(String)].join('.');
      problems.push(`providerOptions.${path}: ${issue.message}`);
    }
  }
  if (problems.length > 0) {
    throw new InvalidArgumentError({
      argument: `providerOptions.${key}`,
      message: `Invalid ${problems.join('; ')}`,
      cause: firstError,
    });
  }
  return result as { [FIELD in keyof SHAPE]?: z.output<SHAPE[FIELD]> };
}
