import { ContainerRuntime } from './container-runtime';
import { createCommandRunner } from './docker-cli';
import { ProcessRuntime } from './process-runtime';
import type { VllmRuntime } from './runtime';
import type { VllmRuntimeKind } from './vllm-server-options';

/** The runtime for `kind`, driving `executable` (`docker`, `podman` or `vllm` by default). */
export function createRuntime(kind: VllmRuntimeKind, executable?: string): VllmRuntime {
  if (kind === 'process') return new ProcessRuntime(executable ?? 'vllm');
  return new ContainerRuntime(kind, createCommandRunner(executable ?? kind));
}
