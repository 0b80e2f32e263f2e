import type { SharedV4Warning } from '@ai-sdk/provider';
import { isUniversalField, type VllmEndpoint } from './vllm-request-fields';
import type { VllmServerFeatures } from './vllm-server-version';
import type { VllmServerVersionResolver } from './vllm-server-version-resolver';

/** Thrown (once, as a signal) when a request needs the server version before it is known. */
class VersionNeededSignal extends Error {
  constructor() {
    super('The vLLM server version is needed to build this request.');
    this.name = 'VersionNeededSignal';
  }
}

const VERSION_NEEDED = new VersionNeededSignal();

/** Whether `error` is the signal that the version must be resolved first. */
export function isVersionNeeded(error: unknown): boolean {
  return error === VERSION_NEEDED;
}

/**
 * What the request builder sees of the server version. Questions every vLLM release answers the
 * same way are answered without it, so simple requests never wait for `GET /version`; any other
 * question throws the version-needed signal while the version is unknown, and marks the view as
 * having depended on the version (so a "version assumed" warning is attached only where it matters).
 */
export class VllmFeatureView {
  /** Whether the request depended on the server version. */
  consulted = false;

  constructor(
    private readonly features: VllmServerFeatures | undefined,
    readonly endpoint: VllmEndpoint,
  ) {}

  /** Whether the server accepts the top-level body field. */
  accepts(field: string): boolean {
    return isUniversalField(field, this.endpoint) || this.get().accepts(field, this.endpoint);
  }

  /** The server's features (consulting the version). */
  get(): VllmServerFeatures {
    if (this.features === undefined) throw VERSION_NEEDED;
    this.consulted = true;
    return this.features;
  }
}

/**
 * Runs `build` with what is known of the server version; when it turns out to need the version,
 * resolves it (one shared `GET /version`) and runs `build` again. A "version assumed" warning is
 * added only when the result depended on the version.
 */
export async function withServerVersion<RESULT extends { warnings: SharedV4Warning[] }>(
  resolver: VllmServerVersionResolver,
  abortSignal: AbortSignal | undefined,
  endpoint: VllmEndpoint,
  build: (view: VllmFeatureView) => RESULT,
): Promise<RESULT> {
  let resolved = resolver.known();
  let view = new VllmFeatureView(resolved?.features, endpoint);
  let result: RESULT;
  try {
    result = build(view);
  } catch (error) {
    if (!isVersionNeeded(error)) throw error;
    resolved = await resolver.resolve(abortSignal);
    view = new VllmFeatureView(resolved.features, endpoint);
    result = build(view);
  }
  if (view.consulted && resolved?.warning !== undefined) result.warnings.unshift(resolved.warning);
  return result;
}
