import { type PydanticErrorItem, requestValidationError } from '../http/vllm-error';
import type { VersionProfile } from '../version-profiles';

/** A request body as parsed JSON. */
export type Body = Record<string, unknown>;

type Kind = 'int' | 'number' | 'bool' | 'string' | 'string-or-list' | 'int-list' | 'object' | 'list';

const MESSAGES: Record<Kind, [string, string]> = {
  int: ['int_type', 'Input should be a valid integer'],
  number: ['float_type', 'Input should be a valid number'],
  bool: ['bool_type', 'Input should be a valid boolean'],
  string: ['string_type', 'Input should be a valid string'],
  'string-or-list': ['string_type', 'Input should be a valid string'],
  'int-list': ['list_type', 'Input should be a valid list'],
  object: ['dict_type', 'Input should be a valid dictionary'],
  list: ['list_type', 'Input should be a valid list'],
};

function matches(kind: Kind, value: unknown): boolean {
  switch (kind) {
    case 'int':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'bool':
      return typeof value === 'boolean';
    case 'string':
      return typeof value === 'string';
    case 'string-or-list':
      return (
        typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string'))
      );
    case 'int-list':
      return (
        Array.isArray(value) && value.every((item) => typeof item === 'number' && Number.isInteger(item))
      );
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'list':
      return Array.isArray(value);
  }
}

/**
 * Checks the JSON types of the given fields like pydantic does (null allowed: the fields are
 * optional), answering 400 with vLLM's validation error on the first mismatch.
 */
export function checkFieldTypes(
  profile: VersionProfile,
  body: Body,
  kinds: Readonly<Record<string, Kind>>,
): void {
  const errors: PydanticErrorItem[] = [];
  for (const [field, kind] of Object.entries(kinds)) {
    const value = body[field];
    if (value === undefined || value === null || matches(kind, value)) continue;
    const [type, msg] = MESSAGES[kind];
    errors.push({ type, loc: ['body', field], msg, input: value });
  }
  if (errors.length > 0) throw requestValidationError(profile, errors);
}

/** 400 for a missing required field (pydantic `missing`). */
export function requireField(profile: VersionProfile, body: Body, field: string): void {
  if (body[field] === undefined) {
    throw requestValidationError(profile, [
      { type: 'missing', loc: ['body', field], msg: 'Field required', input: body },
    ]);
  }
}

/** Python's float formatting of a number (`3` → `3.0`). */
export function pyFloat(value: number): string {
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}
