import { parseLogLine } from './log-lines';
import type { VllmSidecarErrorReason } from './vllm-sidecar-error';

/** What went wrong while starting, read from the exit status, the runtime's error and vLLM's log. */
export interface VllmStartupFailure {
  reason: VllmSidecarErrorReason;
  /** One sentence: what failed, with the line that says so. */
  message: string;
  /** What to do about it. */
  hint: string;
  /** For `out-of-memory` when vLLM printed it: the largest `maxModelLen` that fits. */
  estimatedMaxModelLen?: number;
}

/** Input of {@link classifyStartupFailure}. */
export interface StartupFailureEvidence {
  /** The server's log lines (the whole tail: the root cause precedes the final RuntimeError). */
  logLines: readonly string[];
  exitCode?: number;
  /** Docker's `State.OOMKilled`. */
  oomKilled?: boolean;
  /** stderr of a failed `docker run`/`start` (daemon errors: GPU runtime, port, image). */
  runtimeError?: string;
}

interface FailureRule {
  reason: VllmSidecarErrorReason;
  pattern: RegExp;
  summary: string;
  hint: string;
}

const OOM_HINT =
  'Lower maxModelLen, use a quantized variant (quantization) or more GPUs (tensorParallelSize); ' +
  'gpuMemoryUtilization is a fraction of the GPU’s total memory, so memory used by other processes counts against it.';

// Daemon errors of `docker run` / `docker start` (the container never ran).
const RUNTIME_RULES: readonly FailureRule[] = [
  {
    reason: 'runtime-unavailable',
    pattern:
      /Cannot connect to the Docker daemon|Is the docker daemon running|error during connect|unable to connect to Podman/i,
    summary: 'The container engine is not running',
    hint: 'Start the Docker daemon (or Podman service), or check DOCKER_HOST / the Docker context.',
  },
  {
    reason: 'runtime-error',
    pattern: /container name .* is already in use/i,
    summary: 'A container with this name already exists',
    hint: 'Choose another name, or remove the old container (npx vllm-ai-provider stop <name>).',
  },
  {
    reason: 'no-gpu-runtime',
    pattern:
      /could not select device driver|nvidia-container-cli|unknown or invalid runtime name: nvidia|CDI device|unresolvable CDI devices|nvidia\.com\/gpu/i,
    summary: 'Docker cannot give the container a GPU',
    hint:
      'Install the NVIDIA Container Toolkit (https://docs.nvidia.com/datacenter/cloud-native/container-toolkit/) and restart the daemon, ' +
      'or run without GPUs (gpus: false uses the CPU image). For Podman, generate the CDI spec (nvidia-ctk cdi generate).',
  },
  {
    reason: 'port-in-use',
    pattern: /port is already allocated|address already in use|bind: .*in use/i,
    summary: 'The host port is already in use',
    hint: 'Choose another port, or leave port unset (0) so Docker picks a free one.',
  },
  {
    reason: 'image-missing',
    pattern:
      /Unable to find image|pull access denied|manifest unknown|No such image|repository does not exist|not found: manifest|image not known/i,
    summary: 'The image is not available',
    hint: 'Check the image name and tag (image / VLLM_CONTAINER_IMAGE), `docker login` for private registries, or pull it first.',
  },
];

// vLLM's own failures, most specific first (STARTUP-LOGS.md §5.3).
const LOG_RULES: readonly FailureRule[] = [
  {
    reason: 'bad-arguments',
    pattern:
      /error: unrecognized arguments:|: error: argument |invalid tool call parser:|invalid reasoning parser:|requires --tool-call-parser|should be provided as the first positional argument/,
    summary: 'vLLM rejected its arguments',
    hint:
      'A flag or value is not supported by this image’s vLLM version (flags newer than the image exit at once): ' +
      'check vllmArgs and the parser names, or use a newer image.',
  },
  {
    reason: 'hf-auth',
    pattern: /gated repo|not in the authorized list|Access to model \S+ is restricted/,
    summary: 'The model is gated on Hugging Face and the token is missing or not approved',
    hint: 'Accept the model’s license on huggingface.co and pass a token with access: hfToken or the HF_TOKEN environment variable.',
  },
  {
    reason: 'model-not-found',
    pattern: /is not a valid model identifier|Invalid repository ID or local directory|Repository Not Found/,
    summary: 'The model was not found',
    hint: 'Check the model id (org/name on huggingface.co) or the local path (inside modelsPath, mounted at /models); private repos need hfToken.',
  },
  {
    reason: 'hf-auth',
    pattern: /401 Client Error|Invalid user token|Invalid credentials in Authorization header/,
    summary: 'Hugging Face rejected the token',
    hint: 'Pass a valid token: hfToken or the HF_TOKEN environment variable.',
  },
  {
    reason: 'port-in-use',
    pattern: /Address already in use/,
    summary: 'The server port is already in use',
    hint: 'Choose another port, or leave port unset so one is picked for you.',
  },
  {
    reason: 'no-gpu-runtime',
    pattern:
      /Failed to infer device type|No CUDA GPUs are available|CUDA initialization is blocked|larger than the number of available GPUs|Found no NVIDIA driver|NVIDIA driver on your system is too old/,
    summary: 'vLLM sees no usable GPU',
    hint:
      'Give the container GPUs (gpus: "all" and the NVIDIA Container Toolkit), lower tensorParallelSize to the number of GPUs, ' +
      'or run the CPU image (gpus: false).',
  },
  {
    reason: 'out-of-memory',
    pattern:
      /CUDA out of memory|OutOfMemoryError|not enough GPU memory|is less than desired GPU memory utilization|No available memory for the cache blocks|KV cache is needed, which is larger than the available KV cache memory|larger than the maximum number of tokens that can be stored in KV cache/,
    summary: 'vLLM ran out of GPU memory',
    hint: OOM_HINT,
  },
  {
    reason: 'shared-memory',
    pattern: /ncclShmOpen|Bus error|unhandled system error/,
    summary: 'Shared memory (/dev/shm) is too small',
    hint: 'Keep ipc: "host" (the default) or set shmSize (e.g. "16g").',
  },
  {
    reason: 'engine-failed',
    pattern: /Engine core initialization failed|EngineCore failed to start|Engine core proc \S+ died/,
    summary: 'vLLM’s engine failed to start',
    hint: 'See the log lines above the final RuntimeError for the root cause.',
  },
];

function describeExit(exitCode: number | undefined): string {
  if (exitCode === undefined) return '';
  if (exitCode === 137) return ' (exit code 137: killed)';
  return ` (exit code ${exitCode})`;
}

function excerpt(line: string): string {
  const message = parseLogLine(line).message;
  return message.length > 300 ? `${message.slice(0, 297)}...` : message;
}

/** Classifies why a server failed to start. Pure: no I/O. */
export function classifyStartupFailure(evidence: StartupFailureEvidence): VllmStartupFailure {
  const exit = describeExit(evidence.exitCode);
  if (evidence.runtimeError) {
    for (const rule of RUNTIME_RULES) {
      if (rule.pattern.test(evidence.runtimeError)) {
        const detail = evidence.runtimeError.trim().split('\n').at(-1) ?? '';
        return { reason: rule.reason, message: `${rule.summary}: ${detail}`, hint: rule.hint };
      }
    }
  }
  for (const rule of LOG_RULES) {
    const line = evidence.logLines.find((candidate) => rule.pattern.test(candidate));
    if (!line) continue;
    const failure: VllmStartupFailure = {
      reason: rule.reason,
      message: `${rule.summary}${exit}: ${excerpt(line)}`,
      hint: rule.hint,
    };
    if (rule.reason === 'out-of-memory') {
      const estimate = evidence.logLines
        .map((candidate) => /estimated maximum model length is (\d+)/.exec(candidate)?.[1])
        .find((value) => value !== undefined);
      if (estimate) {
        failure.estimatedMaxModelLen = Number(estimate);
        failure.hint = `Set maxModelLen to ${estimate} or less (vLLM's estimate of what fits). ${OOM_HINT}`;
      }
    }
    return failure;
  }
  if (evidence.oomKilled) {
    return {
      reason: 'out-of-memory',
      message: `The container was killed for using too much host memory${exit}`,
      hint: 'Give Docker more memory, lower maxModelLen, or use a smaller or quantized model.',
    };
  }
  if (evidence.exitCode === 2) {
    return {
      reason: 'bad-arguments',
      message: `vLLM rejected its arguments${exit}`,
      hint: 'Check vllmArgs and that the image’s vLLM version supports every flag.',
    };
  }
  if (evidence.runtimeError) {
    return {
      reason: 'runtime-error',
      message: `The runtime failed to start the server: ${evidence.runtimeError.trim().split('\n').at(-1)}`,
      hint: 'Check that the runtime works (`docker info`), or run checkHost().',
    };
  }
  return {
    reason: 'exited',
    message: `The server exited while starting${exit}`,
    hint: 'Read the log tail below; run the same command by hand to investigate.',
  };
}
