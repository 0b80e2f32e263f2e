import {
  type ResolvedVllmServerOptions,
  VLLM_DEFAULT_CPU_IMAGE,
  VLLM_DEFAULT_IMAGE,
} from './resolve-vllm-server-options';
import type { VllmRuntime } from './runtime';
import type { VllmRuntimeKind } from './vllm-server-options';

/** Result of `checkHost()`: can this host start vLLM, and what is missing. */
export interface VllmHostCheck {
  runtime: VllmRuntimeKind;
  /** The container engine answers (for the process runtime: `vllm` is on PATH). */
  dockerAvailable: boolean;
  /** Engine version (Docker/Podman server version). */
  dockerVersion: string | undefined;
  /** GPUs can be given to servers (nvidia runtime / CDI spec / nvidia-smi). */
  gpuRuntime: boolean;
  /** The image is present locally (always true for the process runtime). */
  imagePresent: boolean;
  /** What is missing or worth knowing, each with the fix. Empty when all is well. */
  issues: string[];
}

const GATED_ORGS = /^(?:meta-llama|mistralai|google)\//i;

/** Checks the host before starting. Never throws for a missing engine: that is an issue in the result. */
export async function checkHostWith(
  runtime: VllmRuntime,
  options: Pick<ResolvedVllmServerOptions, 'image' | 'gpus' | 'hfToken'> & { model?: string },
): Promise<VllmHostCheck> {
  const info = await runtime.hostInfo();
  const issues = [...info.issues].filter((issue) => options.gpus !== false || !/GPU|nvidia/i.test(issue));
  let imagePresent = runtime.kind === 'process';
  if (info.available && runtime.kind !== 'process') {
    imagePresent = await runtime.hasImage(options.image);
    if (!imagePresent) {
      const size =
        options.image === VLLM_DEFAULT_IMAGE || options.image === VLLM_DEFAULT_CPU_IMAGE
          ? ' (the vLLM images are 10–20 GB)'
          : '';
      issues.push(`The image ${options.image} is not present: the first start pulls it${size}.`);
    }
  }
  if (options.model && GATED_ORGS.test(options.model) && !options.hfToken) {
    issues.push(
      `${options.model} is probably gated on Hugging Face: set HF_TOKEN (or hfToken) with a token that has access.`,
    );
  }
  return {
    runtime: runtime.kind,
    dockerAvailable: info.available,
    dockerVersion: info.version,
    gpuRuntime: info.gpuRuntime,
    imagePresent,
    issues,
  };
}
