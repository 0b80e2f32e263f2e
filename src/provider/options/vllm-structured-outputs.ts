import { InvalidArgumentError, type SharedV4Warning } from '@ai-sdk/provider';
import { z } from 'zod/v4';
import type { VllmEndpoint } from '../version/vllm-request-fields';
import type { VllmServerFeatures } from '../version/vllm-server-version';

const jsonSchema = z.union([z.record(z.string(), z.unknown()), z.string()]);
const CONSTRAINTS = ['json', 'regex', 'choice', 'grammar', 'structuralTag', 'jsonObject'] as const;

/**
 * Constrain the output with vLLM's structured-output backend (xgrammar, guidance, …): exactly one
 * of `json`, `regex`, `choice`, `grammar`, `structuralTag`, `jsonObject`. Sent as
 * `structured_outputs` to vLLM ≥ 0.11 and as `guided_json` / `guided_regex` / `guided_choice` /
 * `guided_grammar` to vLLM 0.10 — never as a field the server ignores. For a JSON schema from zod,
 * prefer the SDK's `Output.object` (sent as `response_format: json_schema`).
 */
export const structuredOutputsSchema = z
  .object({
    /** A JSON schema (object or JSON string) the output must match. Wire: `json` / `guided_json`. */
    json: jsonSchema.optional(),
    /** A regular expression the output must match. Wire: `regex` / `guided_regex`. */
    regex: z.string().optional(),
    /** The output is exactly one of these strings. Wire: `choice` / `guided_choice`. */
    choice: z.array(z.string()).min(1, 'expected at least one choice').optional(),
    /** A context-free grammar (EBNF, or Lark for xgrammar). Wire: `grammar` / `guided_grammar`. */
    grammar: z.string().optional(),
    /**
     * A structural tag (object or JSON string), sent JSON-encoded. Wire: `structural_tag`
     * (chat only on vLLM 0.10).
     */
    structuralTag: jsonSchema.optional(),
    /** Any valid JSON object. Wire: `json_object` (vLLM 0.10: `response_format: json_object`). */
    jsonObject: z.literal(true).optional(),
    /** No whitespace between JSON tokens (xgrammar/guidance). Wire: `disable_any_whitespace`. vLLM ≥ 0.11. */
    disableAnyWhitespace: z.boolean().optional(),
    /** Treat schemas as `additionalProperties: false` (guidance). Wire: `disable_additional_properties`. vLLM ≥ 0.11. */
    disableAdditionalProperties: z.boolean().optional(),
    /** Regex for the whitespace allowed in JSON (outlines). Wire: `whitespace_pattern` / `guided_whitespace_pattern`. */
    whitespacePattern: z.string().optional(),
  })
  .refine((value) => CONSTRAINTS.filter((key) => value[key] !== undefined).length === 1, {
    message: `set exactly one of ${CONSTRAINTS.join(', ')} (vLLM rejects none or several with 400)`,
  });

export type VllmStructuredOutputs = z.infer<typeof structuredOutputsSchema>;

/** The familiar `guided_*` spellings, accepted as aliases of `structuredOutputs`. */
export const guidedAliasFields = {
  /** Alias of `structuredOutputs.json` (vLLM's `guided_json`, removed in 0.12; mapped for you). */
  guidedJson: jsonSchema,
  /** Alias of `structuredOutputs.regex` (vLLM's `guided_regex`, removed in 0.12; mapped for you). */
  guidedRegex: z.string(),
  /** Alias of `structuredOutputs.choice` (vLLM's `guided_choice`, removed in 0.12; mapped for you). */
  guidedChoice: z.array(z.string()).min(1, 'expected at least one choice'),
  /** Alias of `structuredOutputs.grammar` (vLLM's `guided_grammar`, removed in 0.12; mapped for you). */
  guidedGrammar: z.string(),
  /** Alias of `structuredOutputs.whitespacePattern` (`guided_whitespace_pattern`). */
  guidedWhitespacePattern: z.string(),
  /**
   * Not sent: the structured-output backend is a server setting
   * (`--structured-outputs-config.backend`, `--guided-decoding-backend` before 0.11). A warning
   * says so.
   */
  guidedDecodingBackend: z.string(),
};

type GuidedAliases = Partial<{
  guidedJson: Record<string, unknown> | string;
  guidedRegex: string;
  guidedChoice: string[];
  guidedGrammar: string;
  guidedWhitespacePattern: string;
}>;

const ALIASES = [
  ['guidedJson', 'json'],
  ['guidedRegex', 'regex'],
  ['guidedChoice', 'choice'],
  ['guidedGrammar', 'grammar'],
] as const;

/** Merges `structuredOutputs` and the `guided*` aliases into one constraint (or none), checking there is one. */
export function resolveStructuredOutputs(
  options: GuidedAliases & { structuredOutputs?: VllmStructuredOutputs },
  key: string,
): VllmStructuredOutputs | undefined {
  if (
    options.structuredOutputs === undefined &&
    options.guidedJson === undefined &&
    options.guidedRegex === undefined &&
    options.guidedChoice === undefined &&
    options.guidedGrammar === undefined
  ) {
    return undefined;
  }
  const aliases = ALIASES.filter(([alias]) => options[alias] !== undefined);
  const named = [
    ...(options.structuredOutputs ? ['structuredOutputs'] : []),
    ...aliases.map(([alias]) => alias),
  ];
  if (named.length > 1) {
    throw new InvalidArgumentError({
      argument: `providerOptions.${key}.${named[1]}`,
      message: `Invalid providerOptions.${key}: ${named.join(' and ')} are two structured-output constraints; vLLM accepts exactly one per request (it answers 400).`,
    });
  }
  if (options.structuredOutputs) return options.structuredOutputs;
  if (aliases.length === 0) return undefined;
  const [alias, field] = aliases[0];
  return {
    [field]: options[alias],
    ...(options.guidedWhitespacePattern !== undefined
      ? { whitespacePattern: options.guidedWhitespacePattern }
      : {}),
  } as VllmStructuredOutputs;
}

const asJsonString = (value: Record<string, unknown> | string) =>
  typeof value === 'string' ? value : JSON.stringify(value);

/**
 * The body fields for a constraint on the server's version: `structured_outputs` (≥ 0.11) or the
 * `guided_*` fields (0.10). Options 0.10 cannot take per request produce warnings.
 */
export function structuredOutputsBodyFields(
  constraint: VllmStructuredOutputs,
  {
    features,
    endpoint,
    key,
    warnings,
  }: {
    features: VllmServerFeatures;
    endpoint: VllmEndpoint;
    key: string;
    warnings: SharedV4Warning[];
  },
): Record<string, unknown> {
  if (features.structuredOutputs === 'structured_outputs') {
    return {
      structured_outputs: omitUndefined({
        json: constraint.json,
        regex: constraint.regex,
        choice: constraint.choice,
        grammar: constraint.grammar,
        json_object: constraint.jsonObject,
        structural_tag:
          constraint.structuralTag !== undefined ? asJsonString(constraint.structuralTag) : undefined,
        disable_any_whitespace: constraint.disableAnyWhitespace,
        disable_additional_properties: constraint.disableAdditionalProperties,
        whitespace_pattern: constraint.whitespacePattern,
      }),
    };
  }

  for (const option of ['disableAnyWhitespace', 'disableAdditionalProperties'] as const) {
    if (constraint[option] !== undefined) {
      warnings.push({
        type: 'unsupported',
        feature: `providerOptions.${key}.structuredOutputs.${option}`,
        details:
          'vLLM 0.10 takes it only as a server setting (--guided-decoding-backend xgrammar:disable-any-whitespace …); per request it needs vLLM ≥ 0.11. Not sent.',
      });
    }
  }
  const fields: Record<string, unknown> = {
    guided_json: constraint.json,
    guided_regex: constraint.regex,
    guided_choice: constraint.choice,
    guided_grammar: constraint.grammar,
    guided_whitespace_pattern: constraint.whitespacePattern,
  };
  if (constraint.jsonObject) fields.response_format = { type: 'json_object' };
  if (constraint.structuralTag !== undefined) {
    if (endpoint === 'chat') {
      fields.structural_tag = asJsonString(constraint.structuralTag);
    } else {
      warnings.push({
        type: 'unsupported',
        feature: `providerOptions.${key}.structuredOutputs.structuralTag`,
        details: 'vLLM 0.10 has no structural tags on /v1/completions (they need vLLM ≥ 0.11). Not sent.',
      });
    }
  }
  return omitUndefined(fields);
}

function omitUndefined(record: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(record)) {
    if (value !== undefined) result[field] = value;
  }
  return result;
}
