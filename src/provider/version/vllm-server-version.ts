import { APICallError, InvalidArgumentError } from '@ai-sdk/provider';
import type { VllmConnection } from '../connection/vllm-settings';
import { acceptsField, formatVersionOrdinal, type VllmEndpoint, versionOrdinal } from './vllm-request-fields';

/** Provider setting: which vLLM version the server runs (decides the request fields sent). */
export interface VllmVersionSettings {
  /**
   * The vLLM version of the server. It decides which request fields the provider sends: structured
   * outputs as `structured_outputs` (≥ 0.11) or `guided_*` (≤ 0.10), the field prior reasoning is
   * written back in (`reasoning` ≥ 0.12, `reasoning_content` before), fields a release removed or does
   * not know yet (dropped, with a warning, instead of being silently ignored by vLLM), tool `strict`.
   *
   * - `'auto'`: read `GET /version` once per provider instance, on the first call that sends a
   *   version-dependent field (3 s timeout, shared by concurrent calls). When that fails, the newest
   *   vLLM is assumed and the affected calls carry a warning (the probe is retried after a minute).
   * - `'latest'`: assume the newest vLLM, no probe.
   * - a version such as `'0.13.0'` or `'0.10'`: no probe (e.g. behind a proxy without `/version`).
   * @default 'auto'
   */
  vllmVersion?: 'auto' | 'latest' | (string & {});
}

/** What one vLLM release accepts, as far as the provider needs to know. */
export interface VllmServerFeatures {
  /** The version string these features describe; `undefined` = the newest vLLM (assumed). */
  readonly version: string | undefined;
  /** Comparable version number (`Infinity` for the newest vLLM). */
  readonly ordinal: number;
  /** Whether the release accepts the top-level request `field` on `endpoint`. */
  accepts(field: string, endpoint: VllmEndpoint): boolean;
  /** `structured_outputs` (≥ 0.11) or the `guided_*` fields (≤ 0.10). */
  readonly structuredOutputs: 'structured_outputs' | 'guided';
  /** The assistant-message field vLLM reads prior reasoning from (`reasoning` since 0.12). */
  readonly reasoningInputField: 'reasoning' | 'reasoning_content';
  /** The `reasoning_effort` values the release accepts (empty before 0.10.1). */
  readonly reasoningEfforts: readonly string[];
  /** Whether function tools accept `strict` (a real field since 0.24, structural tags enforce it). */
  readonly toolStrict: boolean;
}

/** A parsed version string (`0.11.1rc2.dev5+gabc` → 0.11.1). */
export interface ParsedVllmVersion {
  major: number;
  minor: number;
  patch: number;
  ordinal: number;
}

/** Parses vLLM's version string; `undefined` when it is not `major.minor[.patch]…`. */
export function parseVllmVersion(text: string): ParsedVllmVersion | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text.trim());
  if (match === null) return undefined;
  const [major, minor, patch] = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
  return { major, minor, patch, ordinal: versionOrdinal(major, minor, patch) };
}

/** The oldest release the provider maps fields for; older ones are treated as this one. */
export const OLDEST_SUPPORTED_VLLM = '0.10.0';
const OLDEST_ORDINAL = versionOrdinal(0, 10, 0);
/** Below this, a version string is a source build without tags (`0.1.dev…`), not a release. */
const PLAUSIBLE_ORDINAL = versionOrdinal(0, 4, 0);

const EFFORTS_0_10 = ['low', 'medium', 'high'];
const EFFORTS_0_19 = ['none', 'low', 'medium', 'high']; // #36238
const EFFORTS_0_23 = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max']; // #40982

function createFeatures(version: string | undefined, ordinal: number): VllmServerFeatures {
  return {
    version,
    ordinal,
    accepts: (field, endpoint) => acceptsField(ordinal, field, endpoint),
    structuredOutputs: ordinal >= versionOrdinal(0, 11) ? 'structured_outputs' : 'guided',
    reasoningInputField: ordinal >= versionOrdinal(0, 12) ? 'reasoning' : 'reasoning_content',
    reasoningEfforts:
      ordinal >= versionOrdinal(0, 23)
        ? EFFORTS_0_23
        : ordinal >= versionOrdinal(0, 19)
          ? EFFORTS_0_19
          : ordinal >= versionOrdinal(0, 10, 1)
            ? EFFORTS_0_10
            : [],
    toolStrict: ordinal >= versionOrdinal(0, 24),
  };
}

/** Features of the newest vLLM (what `'latest'` and a failed probe assume). */
export const LATEST_VLLM_FEATURES: VllmServerFeatures = createFeatures(undefined, Number.POSITIVE_INFINITY);

/** Features of a release, from its version string (unparsable → `undefined`). */
export function getVllmServerFeatures(version: string): VllmServerFeatures | undefined {
  const parsed = parseVllmVersion(version);
  if (parsed === undefined || parsed.ordinal < PLAUSIBLE_ORDINAL) return undefined;
  return createFeatures(version.trim(), Math.max(parsed.ordinal, OLDEST_ORDINAL));
}

/** Checks the `vllmVersion` setting at `createVllm()` time. */
export function validateVllmVersionSetting(setting: string | undefined): void {
  if (setting === undefined || setting === 'auto' || setting === 'latest') return;
  if (getVllmServerFeatures(setting) === undefined) {
    throw new InvalidArgumentError({
      argument: 'vllmVersion',
      message: `Invalid vllmVersion "${setting}": use 'auto' (default, reads GET /version), 'latest', or a vLLM release such as '0.13.0'.`,
    });
  }
}

/**
 * `GET <server>/version` → vLLM's version string (e.g. `0.13.0`). Throws an `APICallError` naming
 * the URL when the server cannot be reached, answers non-2xx, sends no `version`, or does not answer
 * within `timeoutMs`. Reusable by anything holding a resolved connection.
 */
export async function fetchVllmServerVersion(
  connection: Pick<VllmConnection, 'serverURL' | 'headers' | 'fetch'>,
  { timeoutMs = 3_000, abortSignal }: { timeoutMs?: number; abortSignal?: AbortSignal } = {},
): Promise<string> {
  const url = `${connection.serverURL()}/version`;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  const onAbort = () => controller.abort(abortSignal?.reason);
  abortSignal?.addEventListener('abort', onAbort, { once: true });
  try {
    const response = await connection.fetch(url, {
      method: 'GET',
      headers: connection.headers() as Record<string, string>,
      signal: controller.signal,
    });
    const text = await response.text();
    let version: unknown;
    try {
      version = (JSON.parse(text) as { version?: unknown }).version;
    } catch {
      version = undefined;
    }
    if (!response.ok || typeof version !== 'string') {
      throw new APICallError({
        message: `GET ${url} answered ${response.status} without a vLLM version: ${text.slice(0, 200)}`,
        url,
        requestBodyValues: undefined,
        statusCode: response.status,
        responseBody: text,
        isRetryable: false,
      });
    }
    return version;
  } catch (error) {
    if (abortSignal?.aborted) throw abortSignal.reason;
    if (APICallError.isInstance(error)) throw error;
    throw new APICallError({
      message: `GET ${url} failed: ${controller.signal.aborted ? `no answer within ${timeoutMs} ms` : String(error)}`,
      url,
      requestBodyValues: undefined,
      cause: error,
      isRetryable: true,
    });
  } finally {
    clearTimeout(timer);
    abortSignal?.removeEventListener('abort', onAbort);
  }
}

/** `0.13` style label of the features' version, for messages. */
export function describeServerVersion(features: VllmServerFeatures): string {
  if (features.version !== undefined) return `vLLM ${features.version}`;
  return Number.isFinite(features.ordinal)
    ? `vLLM ${formatVersionOrdinal(features.ordinal)}`
    : 'the newest vLLM';
}
