import type { VllmMediaInputModality } from '../provider/version/vllm-server-capabilities';
import type { VllmModelPreset } from '../provider/vllm-model-presets';
import type { VllmStartupProgress } from './startup-phases';
import type { VllmLoraModule } from './vllm-engine-options';
import type { VllmLogStream, VllmRuntimeKind } from './vllm-server-options';

/** vLLM's default port inside the container. */
export const VLLM_DEFAULT_PORT = 8000;
/** The vLLM release the default images are pinned to. */
export const VLLM_DEFAULT_IMAGE_TAG = 'v0.26.0';
/** Default GPU image. */
export const VLLM_DEFAULT_IMAGE = `vllm/vllm-openai:${VLLM_DEFAULT_IMAGE_TAG}`;
/** Default image when `gpus: false`. */
export const VLLM_DEFAULT_CPU_IMAGE = `vllm/vllm-openai-cpu:${VLLM_DEFAULT_IMAGE_TAG}-${process.arch === 'arm64' ? 'arm64' : 'x86_64'}`;
/** Where the models directory is mounted in the container. */
export const CONTAINER_MODELS_PATH = '/models';

export const DTYPES = ['auto', 'bfloat16', 'float', 'float16', 'float32', 'half'] as const;

/** Every option with its final value. Produced only by {@link resolveVllmServerOptions}. */
export interface ResolvedVllmServerOptions {
  runtime: VllmRuntimeKind;
  executable: string;
  /** The model as the user gave it. */
  model: string;
  /** The model as the server sees it (container path for a local model under `modelsPath`). */
  serverModel: string;
  /** Served names; the first is `modelId`. */
  servedModelNames: string[];
  /** Whether `--served-model-name` is passed (else vLLM serves under `serverModel`). */
  explicitServedModelName: boolean;
  image: string;
  pull: 'missing' | 'always' | 'never';
  gpus: 'all' | number | string[] | false;
  port: number;
  host: string;
  apiKey: string | undefined;
  hfToken: string | undefined;
  tensorParallelSize: number | undefined;
  pipelineParallelSize: number | undefined;
  gpuMemoryUtilization: number | undefined;
  maxModelLen: number | 'auto' | undefined;
  quantization: string | undefined;
  dtype: (typeof DTYPES)[number] | undefined;
  trustRemoteCode: boolean;
  enableLora: boolean;
  loraModules: VllmLoraModule[];
  maxLoras: number | undefined;
  maxLoraRank: number | undefined;
  allowRuntimeLoraUpdating: boolean;
  toolCallParser: string | undefined;
  reasoningParser: string | undefined;
  chatTemplate: string | undefined;
  generationConfig: string | undefined;
  runner: 'auto' | 'generate' | 'pooling' | undefined;
  enforceEager: boolean;
  preset: VllmModelPreset | undefined;
  /** `--limit-mm-per-prompt` (the preset's, overridden per modality by the option). */
  limitMmPerPrompt: Partial<Record<VllmMediaInputModality, number>> | undefined;
  /** `--allowed-media-domains`. */
  allowedMediaDomains: string[];
  modelsPath: string | undefined;
  hfCachePath: string | undefined;
  vllmCachePath: string | undefined;
  ipc: 'host' | 'private' | 'shareable';
  shmSize: string | undefined;
  /** Non-secret environment for the server (values never reach argv). */
  env: Record<string, string>;
  dockerArgs: string[];
  /** Preset flags followed by the user's. */
  vllmArgs: string[];
  name: string | undefined;
  labels: Record<string, string>;
  reuse: boolean;
  cleanupOnExit: boolean;
  startupTimeoutMs: number;
  noProgressTimeoutMs: number;
  healthPollIntervalMs: number;
  stopTimeoutMs: number;
  onProgress: ((progress: VllmStartupProgress) => void) | undefined;
  onLog: ((line: string, stream: VllmLogStream) => void) | undefined;
  signal: AbortSignal | undefined;
}
