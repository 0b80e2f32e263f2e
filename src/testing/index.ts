export { VERSION } from '../version';
export type { RecordedRequest } from './emulator-context';
export type {
  ResolvedEmulatorOptions,
  VllmEmulatorLoraModule,
  VllmEmulatorOptions,
} from './emulator-options';
export type { PrefixCachingHashAlgo } from './engine/prefix-cache/block-hash';
export type { FaultController, VllmFaultHandle } from './faults/fault-controller';
export type {
  InjectedFault,
  VllmFault,
  VllmFaultRule,
  VllmRestartOptions,
  VllmRestartResult,
} from './faults/fault-types';
export type { Reply, ReplyContext, ReplyFunction } from './generation/reply';
export { type ParsedServeArgs, parseServeArgs, type ServeArgsFailure } from './serve-args/parse-serve-args';
export { type RunVllmServeIo, runVllmServe } from './serve-args/run-vllm-serve';
export { startVllmEmulator, type VllmEmulator } from './start-vllm-emulator';
export {
  getVersionProfile,
  type VersionProfile,
  VLLM_EMULATOR_VERSIONS,
  type VllmEmulatorVersion,
} from './version-profiles';
