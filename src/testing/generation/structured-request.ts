import { modelValidatorError, requestValidationError } from '../http/vllm-error';
import type { VersionProfile } from '../version-profiles';
import type { Constraint } from './constrained-text';
import type { Body } from './field-types';

type Source = Record<string, unknown>;

function fromStructuredOutputs(profile: VersionProfile, body: Body, source: Source): Constraint | undefined {
  const found: Constraint[] = [];
  if (source.json != null) found.push({ kind: 'json', schema: source.json });
  if (source.regex != null) found.push({ kind: 'regex', pattern: String(source.regex) });
  if (Array.isArray(source.choice)) found.push({ kind: 'choice', choices: source.choice.map(String) });
  if (source.grammar != null) found.push({ kind: 'grammar', grammar: String(source.grammar) });
  if (source.json_object === true) found.push({ kind: 'json_object' });
  if (source.structural_tag != null)
    found.push({ kind: 'structural_tag', tag: String(source.structural_tag) });
  if (found.length > 1) {
    throw modelValidatorError(
      profile,
      body,
      "You can only use one kind of constraints for structured outputs ('json', 'regex' or 'choice').",
    );
  }
  return found[0];
}

function fromGuided(body: Body): Constraint | undefined {
  return fromStructuredOutputsLoose({
    json: body.guided_json,
    regex: body.guided_regex,
    choice: body.guided_choice,
    grammar: body.guided_grammar,
  });
}

function fromStructuredOutputsLoose(source: Source): Constraint | undefined {
  if (source.json != null) return { kind: 'json', schema: source.json };
  if (source.regex != null) return { kind: 'regex', pattern: String(source.regex) };
  if (Array.isArray(source.choice)) return { kind: 'choice', choices: source.choice.map(String) };
  if (source.grammar != null) return { kind: 'grammar', grammar: String(source.grammar) };
  return undefined;
}

function fromResponseFormat(profile: VersionProfile, body: Body): Constraint | undefined {
  const format = body.response_format as { type?: unknown; json_schema?: Source } | null | undefined;
  if (format == null || typeof format !== 'object') return undefined;
  if (format.type === 'json_object') return { kind: 'json_object' };
  if (format.type === 'json_schema') {
    const jsonSchema = format.json_schema;
    if (jsonSchema == null) {
      throw modelValidatorError(
        profile,
        body,
        "When response_format type is 'json_schema', the 'json_schema' field must be provided.",
        'response_format',
      );
    }
    if (typeof jsonSchema.name !== 'string') {
      throw requestValidationError(profile, [
        {
          type: 'missing',
          loc: ['body', 'response_format', 'json_schema', 'name'],
          msg: 'Field required',
          input: jsonSchema,
        },
      ]);
    }
    const schema = jsonSchema.schema ?? jsonSchema.json_schema;
    return schema == null ? { kind: 'json_object' } : { kind: 'json', schema };
  }
  if (format.type === 'structural_tag') return { kind: 'structural_tag', tag: JSON.stringify(format) };
  return undefined;
}

/**
 * The structured-output constraint of a request, as the profile's vLLM reads it:
 * `structured_outputs` (≥ 0.11), `guided_*` (honoured ≤ 0.10, aliases in 0.11 when
 * `structured_outputs` is null, silently ignored ≥ 0.12), then `response_format`.
 */
export function resolveConstraint(profile: VersionProfile, body: Body): Constraint | undefined {
  const structured = body.structured_outputs;
  if (profile.structuredOutputs && structured != null && typeof structured === 'object') {
    const constraint = fromStructuredOutputs(profile, body, structured as Source);
    if (constraint) return constraint;
  }
  if (profile.guidedDecoding === 'native' || (profile.guidedDecoding === 'alias' && structured == null)) {
    const guided = fromGuided(body);
    if (guided) return guided;
  }
  return fromResponseFormat(profile, body);
}
