import type { ResolvedEmulatorOptions } from './emulator-options';
import type { Engine } from './engine/engine';
import type { VllmMetrics } from './engine/vllm-metrics';
import type { FaultController } from './faults/fault-controller';
import type { ModelRegistry } from './model-registry';
import type { VersionProfile } from './version-profiles';

/** A request the emulator received, as recorded in `emulator.requests`. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Parsed JSON body, or `undefined` (no body, not JSON, or JSON that is not an object). */
  body: Record<string, unknown> | undefined;
  /** Top-level body keys the selected version profile does not accept (vLLM ignores them silently). */
  ignoredFields: string[];
}

/** Everything the endpoints share. */
export interface EmulatorContext {
  readonly options: ResolvedEmulatorOptions;
  readonly profile: VersionProfile;
  readonly engine: Engine;
  readonly metrics: VllmMetrics;
  readonly models: ModelRegistry;
  readonly faults: FaultController;
  readonly requests: RecordedRequest[];
  /** Unix seconds the server started (model cards' `created`). */
  readonly startedAt: number;
  /** Inference requests currently being served (for `/load`). */
  inFlight: number;
}
