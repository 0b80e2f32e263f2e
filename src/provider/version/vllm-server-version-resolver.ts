import type { SharedV4Warning } from '@ai-sdk/provider';
import {
  getVllmServerFeatures,
  LATEST_VLLM_FEATURES,
  type VllmServerFeatures,
  validateVllmVersionSetting,
} from './vllm-server-version';

// One provider instance's knowledge of its server's vLLM version: fixed by the `vllmVersion`
// setting, or probed once (GET /version) when the first request needs it.

/** The outcome of resolving the server version: the features to use, plus a warning when assumed. */
export interface ResolvedVllmVersion {
  features: VllmServerFeatures;
  /** Set when the version could not be read and the newest vLLM is assumed. */
  warning?: SharedV4Warning;
}

/** Resolves (and caches) the server version for one provider instance. */
export interface VllmServerVersionResolver {
  /** The resolution when it is already known (explicit setting or a cached probe), else `undefined`. */
  known(): ResolvedVllmVersion | undefined;
  /** Probes when needed (one probe shared by concurrent callers). Rejects only with the abort reason. */
  resolve(abortSignal?: AbortSignal): Promise<ResolvedVllmVersion>;
}

/** How long a failed probe's assumption is kept before `/version` is asked again. */
const FAILED_PROBE_RETRY_MS = 60_000;

/** Creates the resolver for a `vllmVersion` setting; `probe` reads the version string (e.g. GET /version). */
export function createVllmServerVersionResolver({
  setting = 'auto',
  probe,
  now = Date.now,
}: {
  setting?: string;
  probe: () => Promise<string>;
  now?: () => number;
}): VllmServerVersionResolver {
  if (setting !== 'auto') {
    const features = setting === 'latest' ? LATEST_VLLM_FEATURES : getVllmServerFeatures(setting);
    if (features === undefined) validateVllmVersionSetting(setting);
    const fixed: ResolvedVllmVersion = { features: features ?? LATEST_VLLM_FEATURES };
    return { known: () => fixed, resolve: async () => fixed };
  }

  let cached: ResolvedVllmVersion | undefined;
  let failedAt = 0;
  let inFlight: Promise<ResolvedVllmVersion> | undefined;

  const assumeLatest = (reason: string): ResolvedVllmVersion => ({
    features: LATEST_VLLM_FEATURES,
    warning: {
      type: 'compatibility',
      feature: 'vllmVersion',
      details:
        `Could not determine the vLLM version (${reason}); assuming the newest vLLM when choosing request fields. ` +
        "Set vllmVersion in createVllm() (e.g. '0.13.0', or 'latest') to skip this probe.",
    },
  });

  const runProbe = async (): Promise<ResolvedVllmVersion> => {
    try {
      const version = await probe();
      const features = getVllmServerFeatures(version);
      cached = features !== undefined ? { features } : assumeLatest(`GET /version reported "${version}"`);
    } catch (error) {
      cached = assumeLatest(error instanceof Error ? error.message : String(error));
      failedAt = now();
    }
    return cached;
  };

  const known = () => {
    if (cached !== undefined && cached.warning !== undefined && now() - failedAt >= FAILED_PROBE_RETRY_MS) {
      cached = undefined;
    }
    return cached;
  };

  return {
    known,
    resolve(abortSignal) {
      const current = known();
      if (current !== undefined) return Promise.resolve(current);
      inFlight ??= runProbe().finally(() => {
        inFlight = undefined;
      });
      return abortSignal ? raceAbort(inFlight, abortSignal) : inFlight;
    },
  };
}

/** Rejects with the signal's reason when it aborts first (the shared probe keeps running for others). */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
