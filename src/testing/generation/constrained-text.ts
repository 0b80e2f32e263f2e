import type { JsonSchema } from 'json-schema-faker';
import type RandExp from 'randexp';
import { badRequest } from '../http/vllm-error';
import { emulatorDependencies } from './emulator-dependencies';
import { pythonJson } from './python-json';
import type { Random } from './random';

/** A structured-output constraint the generated text must satisfy. */
export type Constraint =
  | { kind: 'json'; schema: unknown }
  | { kind: 'json_object' }
  | { kind: 'regex'; pattern: string }
  | { kind: 'choice'; choices: string[] }
  | { kind: 'grammar'; grammar: string }
  | { kind: 'structural_tag'; tag: string };

/** A JSON instance of `schema` (json-schema-faker, seeded), serialised with Python separators. */
export function jsonForSchema(schema: unknown, random: Random): string {
  let parsed: unknown = schema;
  if (typeof schema === 'string') {
    try {
      parsed = JSON.parse(schema);
    } catch {
      throw badRequest('Invalid JSON grammar specification.');
    }
  }
  if (typeof parsed !== 'object' && typeof parsed !== 'boolean')
    throw badRequest('Invalid JSON grammar specification.');
  try {
    const value = emulatorDependencies().generateSync(parsed as JsonSchema, {
      seed: random.int(1, 2 ** 31 - 1),
      maxDefaultItems: 3,
      maxItems: 5,
      maxLength: 24,
    });
    return pythonJson(value);
  } catch (error) {
    throw badRequest(`Failed to transform json schema into a grammar: ${(error as Error).message}`);
  }
}

/** A string fully matching `pattern` (randexp, seeded). */
export function textForRegex(pattern: string, random: Random): string {
  let generator: RandExp;
  try {
    generator = new (emulatorDependencies().RandExp)(pattern);
  } catch (error) {
    throw badRequest(`Failed to transform regex into a grammar: ${(error as Error).message}`);
  }
  generator.max = 8;
  generator.randInt = (min: number, max: number) => random.int(min, max);
  return generator.gen();
}

/** A sentence of a simple EBNF grammar whose root is a choice of string literals; else `undefined`. */
function textForGrammar(grammar: string, random: Random): string | undefined {
  const root = /^\s*root\s*::=\s*(.+)$/m.exec(grammar)?.[1];
  if (root === undefined) return undefined;
  const alternatives = root.split('|').map((part) => /^\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(part)?.[1]);
  if (alternatives.some((item) => item === undefined)) return undefined;
  return JSON.parse(`"${random.pick(alternatives as string[])}"`) as string;
}

/** Text that satisfies the constraint, or `undefined` when the emulator cannot honour it (grammar/structural tags). */
export function constrainedText(constraint: Constraint, random: Random, fallback: () => string): string {
  switch (constraint.kind) {
    case 'choice':
      return random.pick(constraint.choices);
    case 'regex':
      return textForRegex(constraint.pattern, random);
    case 'json':
      return jsonForSchema(constraint.schema, random);
    case 'json_object':
      return pythonJson({ answer: fallback() });
    case 'grammar':
      return textForGrammar(constraint.grammar, random) ?? fallback();
    case 'structural_tag':
      return fallback();
  }
}
