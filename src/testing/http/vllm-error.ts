import type { VersionProfile } from '../version-profiles';
import { pythonRepr, pythonTuple } from './python-repr';

/** An error the emulator answers with, in vLLM's error envelope. */
export class VllmHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: string,
    readonly param: string | null = null,
  ) {
    super(message);
    this.name = 'VllmHttpError';
  }
}

/** A 400 `BadRequestError` (vLLM's `VLLMValidationError` / `ValueError` raised while serving). */
export function badRequest(message: string, param: string | null = null): VllmHttpError {
  return new VllmHttpError(400, message, 'BadRequestError', param);
}

/**
 * A `VLLMValidationError` raised while serving: at HEAD its text carries ` (parameter=…, value=…)`
 * and the envelope `param`; older releases raised a plain ValueError (no param).
 */
export function vllmValidationError(
  profile: VersionProfile,
  message: string,
  parameter: string,
  value?: unknown,
): VllmHttpError {
  if (profile.validationErrorStyle === 'list') return badRequest(message);
  const extras = [`parameter=${parameter}`];
  if (value !== undefined && value !== null) extras.push(`value=${String(value)}`);
  return badRequest(`${message} (${extras.join(', ')})`, parameter);
}

/**
 * 404 for an unknown model or adapter name, with vLLM's message. `param: "model"` since #30134
 * (2025-12-23, after 0.13); `null` before, in both envelopes.
 */
export function modelNotFound(profile: VersionProfile, model: string): VllmHttpError {
  const param = profile.validationErrorStyle === 'counted' ? 'model' : null;
  return new VllmHttpError(404, `The model \`${model}\` does not exist.`, 'NotFoundError', param);
}

/** One pydantic error item, as FastAPI reports it. */
export interface PydanticErrorItem {
  type: string;
  loc: readonly (string | number)[];
  msg: string;
  input: unknown;
}

/**
 * A request-validation (pydantic) failure → HTTP 400 `type: "Bad Request"`. HEAD renders
 * "N validation error(s):\n  {…}" with a `param`; older releases the repr of the error list, no param.
 */
export function requestValidationError(
  profile: VersionProfile,
  items: readonly PydanticErrorItem[],
  param?: string,
): VllmHttpError {
  const reprs = items.map(
    (item) =>
      `{'type': ${pythonRepr(item.type)}, 'loc': ${pythonTuple(item.loc)}, 'msg': ${pythonRepr(item.msg)}, 'input': ${pythonRepr(item.input)}}`,
  );
  if (profile.validationErrorStyle === 'list') {
    return new VllmHttpError(400, `[${reprs.join(', ')}]`, 'Bad Request', null);
  }
  const label = items.length === 1 ? 'error' : 'errors';
  const message = `${items.length} validation ${label}:\n${reprs.map((repr) => `  ${repr}`).join('\n')}`;
  const cleanParam = param ?? items[0]?.loc.map(String).join('.') ?? null;
  return new VllmHttpError(400, message, 'Bad Request', cleanParam);
}

/**
 * A `ValueError` raised by a pydantic model validator (e.g. `stream_options` without `stream`):
 * reported as a validation error of type `value_error` at loc `('body',)`.
 */
export function modelValidatorError(
  profile: VersionProfile,
  body: unknown,
  message: string,
  parameter?: string,
): VllmHttpError {
  const text =
    profile.validationErrorStyle === 'counted' && parameter ? `${message} (parameter=${parameter})` : message;
  return requestValidationError(
    profile,
    [{ type: 'value_error', loc: ['body'], msg: `Value error, ${text}`, input: body }],
    parameter ?? 'body',
  );
}

/**
 * A `VLLMValidationError` raised in a `model_validator(mode="before")`: at HEAD it is no `ValueError`,
 * so pydantic lets it through to vLLM's handler (400 with ` (parameter=…)`); older releases raised
 * a ValueError that pydantic reports as a validation error.
 */
export function validatorVllmError(
  profile: VersionProfile,
  body: unknown,
  message: string,
  parameter: string,
): VllmHttpError {
  return profile.validationErrorStyle === 'counted'
    ? vllmValidationError(profile, message, parameter)
    : modelValidatorError(profile, body, message, parameter);
}

/** The JSON body of an error response for the profile's envelope. */
export function errorBody(profile: VersionProfile, error: VllmHttpError): Record<string, unknown> {
  const info = { message: error.message, type: error.type, param: error.param, code: error.status };
  return profile.errorEnvelope === 'flat' ? { object: 'error', ...info } : { error: info };
}
