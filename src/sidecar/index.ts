// `vllm-ai-provider/sidecar`: start, watch, reuse and stop vLLM servers from Node (Docker, Podman,
// or `vllm serve` from PATH). Node only.

export { findModelPreset, VLLM_MODEL_PRESETS, type VllmModelPreset } from '../provider/vllm-model-presets';
export { VERSION } from '../version';
export type { VllmHostCheck } from './check-host';
export {
  classifyStartupFailure,
  type StartupFailureEvidence,
  type VllmStartupFailure,
} from './classify-startup-failure';
export { MANAGED_BY_VALUE, VLLM_LABELS } from './container-labels';
export { buildContainerRunArgs } from './docker-run-args';
export type { VllmPruneOptions, VllmServerSummary } from './list-vllm-servers';
export type { ManagedVllmOptions, ManagedVllmProvider } from './managed-vllm';
export {
  type ResolvedVllmServerOptions,
  resolveVllmServerOptions,
  VLLM_DEFAULT_CPU_IMAGE,
  VLLM_DEFAULT_IMAGE,
  VLLM_DEFAULT_IMAGE_TAG,
  VLLM_DEFAULT_PORT,
} from './resolve-vllm-server-options';
export type {
  LaunchSpec,
  LogFollower,
  LogLineHandler,
  RuntimeHostInfo,
  ServerInstanceState,
  VllmGpuStats,
  VllmRuntime,
  VllmServerStats,
} from './runtime';
export type { VllmServerCapabilities } from './server-capabilities';
export type { VllmLoadMetrics } from './server-metrics';
export type {
  VllmServerEvent,
  VllmServerEventType,
  VllmServerMetrics,
  VllmServerMonitor,
  VllmServerMonitorOptions,
} from './server-monitor';
export type { StartedVllmServer, VllmServerHealth, VllmServerStopOptions } from './started-vllm-server';
export {
  VLLM_STARTUP_PHASE_TITLES,
  VLLM_STARTUP_PHASES,
  type VllmStartupFacts,
  type VllmStartupPhase,
  type VllmStartupProgress,
} from './startup-phases';
export type { VllmServerValidation } from './validate-server';
export type { VllmEngineOptions, VllmLoraModule } from './vllm-engine-options';
export { buildVllmServeArgs } from './vllm-serve-args';
export type { VllmGpus, VllmLogStream, VllmRuntimeKind, VllmServerOptions } from './vllm-server-options';
export {
  checkHost,
  createManagedVllm,
  createVllmSidecar,
  listVllmServers,
  pruneVllmServers,
  startVllmServer,
  stopVllmServer,
  type VllmSidecar,
  type VllmSidecarInternals,
} from './vllm-sidecar';
export {
  VllmSidecarError,
  type VllmSidecarErrorDetails,
  type VllmSidecarErrorReason,
} from './vllm-sidecar-error';
