import { InvalidArgumentError, type SharedV4ProviderOptions, type SharedV4Warning } from '@ai-sdk/provider';
import type { z } from 'zod/v4';
import { parseVllmProviderOptionFields } from './vllm-provider-options';
import { PROTECTED_BODY_KEYS } from './vllm-request-options';

// Reads `providerOptions.vllm`: typed camelCase options, plus raw snake_case keys as users of
// openai-compatible pass them. Raw keys the package models (`min_p`, `guided_json`,
// `structured_outputs` …) are renamed to their typed option, so they are validated and mapped to
// the server's version like the typed spelling; other raw keys are returned for pass-through.

/** Raw spellings of typed options that do not follow from the 1:1 field tables. */
const SPECIAL_RAW_KEYS: Readonly<Record<string, string>> = {
  n: 'n',
  best_of: 'bestOf',
  structured_outputs: 'structuredOutputs',
  guided_json: 'guidedJson',
  guided_regex: 'guidedRegex',
  guided_choice: 'guidedChoice',
  guided_grammar: 'guidedGrammar',
  guided_whitespace_pattern: 'guidedWhitespacePattern',
  guided_decoding_backend: 'guidedDecodingBackend',
  repetition_detection: 'repetitionDetection',
  request_id: 'requestId',
  user: 'user',
  extra_body: 'extraBody',
};

/** Chat-only raw spellings. */
export const CHAT_SPECIAL_RAW_KEYS: Readonly<Record<string, string>> = {
  chat_template_kwargs: 'chatTemplateKwargs',
  reasoning_effort: 'reasoningEffort',
  logprobs: 'logprobs',
};

/** Nested snake_case keys of object-valued options. */
const NESTED_KEYS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  structuredOutputs: {
    json_object: 'jsonObject',
    structural_tag: 'structuralTag',
    disable_any_whitespace: 'disableAnyWhitespace',
    disable_additional_properties: 'disableAdditionalProperties',
    whitespace_pattern: 'whitespacePattern',
  },
  repetitionDetection: {
    max_pattern_size: 'maxPatternSize',
    min_pattern_size: 'minPatternSize',
    min_count: 'minCount',
  },
};

/** openai-compatible's own option the provider cannot honour on vLLM. */
const UNSUPPORTED_KEYS: Readonly<Record<string, string>> = {
  textVerbosity: 'vLLM has no verbosity setting.',
};

export interface VllmOptionsInput<OPTIONS> {
  /** The namespace the options came from (`vllm`, or the provider's `name`). */
  key: string;
  /** Validated typed options (`{}` when none). */
  options: OPTIONS;
  /** Raw keys that are not typed options, in the order given (for version-checked pass-through). */
  raw: [string, unknown][];
  warnings: SharedV4Warning[];
}

/** Splits, renames and validates `providerOptions[name]` (or its camelCase spelling). */
export function readVllmOptionsInput<SCHEMA extends z.ZodObject>({
  providerOptions,
  name,
  schema,
  fieldNames,
  specialRawKeys,
}: {
  providerOptions: SharedV4ProviderOptions | undefined;
  name: string;
  schema: SCHEMA;
  fieldNames: Readonly<Record<string, string>>;
  specialRawKeys?: Readonly<Record<string, string>>;
}): VllmOptionsInput<z.output<SCHEMA>> {
  const camelName = name.replace(/[-_]+(.)/g, (_, letter: string) => letter.toUpperCase());
  const key = providerOptions?.[camelName] != null ? camelName : name;
  const input = {
    ...providerOptions?.[name],
    ...(camelName !== name ? providerOptions?.[camelName] : undefined),
  };
  const shape = schema.shape as Record<string, unknown>;
  const typed: Record<string, unknown> = {};
  const displayKeys: Record<string, string> = {};
  const raw: [string, unknown][] = [];
  const warnings: SharedV4Warning[] = [];

  for (const [field, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (field in shape) {
      if (field in typed) duplicate(key, displayKeys[field], field);
      typed[field] = value;
      continue;
    }
    const option = specialRawKeys?.[field] ?? SPECIAL_RAW_KEYS[field] ?? rawToOption(fieldNames, field);
    if (option !== undefined && option in shape) {
      if (option in typed) duplicate(key, field, option);
      typed[option] = renameNested(option, value);
      displayKeys[option] = field;
    } else if (PROTECTED_BODY_KEYS.has(field)) {
      warnings.push({
        type: 'other',
        message:
          `providerOptions.${key}.${field} is ignored: the provider builds "${field}" itself` +
          (field === 'model'
            ? ' (use providerOptions.vllm.loraAdapter to run a call on a LoRA adapter).'
            : '.'),
      });
    } else if (field in UNSUPPORTED_KEYS) {
      warnings.push({
        type: 'unsupported',
        feature: `providerOptions.${key}.${field}`,
        details: UNSUPPORTED_KEYS[field],
      });
    } else {
      raw.push([field, value]);
    }
  }

  // Field by field: the schemas have no object-level rules, and a call pays only for what it sets.
  const options = parseVllmProviderOptionFields({
    key,
    shape: schema.shape as Record<string, z.ZodType>,
    value: typed,
    displayKeys,
  }) as z.output<SCHEMA>;
  return { key, options, raw, warnings };
}

let reverseCache: WeakMap<object, Map<string, string>> | undefined;

function rawToOption(fieldNames: Readonly<Record<string, string>>, field: string): string | undefined {
  reverseCache ??= new WeakMap();
  let reverse = reverseCache.get(fieldNames);
  if (reverse === undefined) {
    reverse = new Map(Object.entries(fieldNames).map(([option, wire]) => [wire, option]));
    reverseCache.set(fieldNames, reverse);
  }
  return reverse.get(field);
}

function renameNested(option: string, value: unknown): unknown {
  const names = NESTED_KEYS[option];
  if (names === undefined || value === null || typeof value !== 'object' || Array.isArray(value))
    return value;
  return Object.fromEntries(Object.entries(value).map(([field, inner]) => [names[field] ?? field, inner]));
}

function duplicate(key: string, first: string | undefined, second: string): never {
  throw new InvalidArgumentError({
    argument: `providerOptions.${key}.${second}`,
    message: `Invalid providerOptions.${key}: ${first ?? second} and ${second} set the same option; use one (camelCase preferred).`,
  });
}
