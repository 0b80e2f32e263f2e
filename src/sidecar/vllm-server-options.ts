import type { VllmStartupProgress } from './startup-phases';
import type { VllmEngineOptions } from './vllm-engine-options';

/** How the server is run. */
export type VllmRuntimeKind = 'docker' | 'podman' | 'process';

/** GPUs handed to the server: all of them, a count, device ids/UUIDs, or none (CPU image). */
export type VllmGpus = 'all' | number | readonly (string | number)[] | false;

/** Where a log line came from. */
export type VllmLogStream = 'stdout' | 'stderr';

/**
 * Options of `startVllmServer()`. Precedence for every option: the call's options, then the
 * settings given to `createVllmSidecar()`/`createManagedVllm()`, then the environment variable
 * named in its doc, then the default. Resolved in one place (`resolveVllmServerOptions`).
 */
export interface VllmServerOptions extends VllmEngineOptions {
  /**
   * `docker` (default), `podman` (GPUs through CDI: `--device nvidia.com/gpu=…`), or `process`
   * (runs `vllm serve` from `PATH`, for hosts with vLLM installed and no containers).
   * @default 'docker'; env `VLLM_CONTAINER_RUNTIME`
   */
  runtime?: VllmRuntimeKind;

  /**
   * Image to run. Its entrypoint must be `vllm serve` (as in every official vLLM image).
   * @default `vllm/vllm-openai:v0.26.0`, or `vllm/vllm-openai-cpu:v0.26.0-<arch>` when `gpus: false`;
   * env `VLLM_CONTAINER_IMAGE`
   */
  image?: string;

  /** When to `docker pull`: if the image is `'missing'`, `'always'`, or `'never'`. @default 'missing' */
  pull?: 'missing' | 'always' | 'never';

  /**
   * GPUs for the server. Docker: `--gpus all` / `--gpus 2` / `--gpus "device=0,1"`; Podman:
   * `--device nvidia.com/gpu=…`; process runtime: `CUDA_VISIBLE_DEVICES`. `false` = no GPU.
   * @default 'all'; env `VLLM_CONTAINER_GPU` (`all`, `none`, a count, or `0,1`)
   * @example { gpus: [0, 1], tensorParallelSize: 2 }
   */
  gpus?: VllmGpus;

  /**
   * Host port of the API. `0` lets Docker pick a free port (read back after start); the process
   * runtime picks one itself. Docker `-p <host>:<port>:8000`; process runtime `--port`.
   * @default 0; env `VLLM_API_PORT`
   */
  port?: number;

  /**
   * Host interface the API is published on. Docker `-p <host>::8000`; process runtime `--host`.
   * Anything other than loopback exposes the server to your network.
   * @default '127.0.0.1'
   */
  host?: string;

  /**
   * API key the server requires (`Authorization: Bearer …`) and `provider()` sends. Reaches the
   * server only as the environment variable `VLLM_API_KEY` passed by name (`-e VLLM_API_KEY`),
   * never on a command line. @default none; env `VLLM_API_KEY`
   */
  apiKey?: string;

  /**
   * Hugging Face token for gated/private models. Passed as `-e HF_TOKEN` (by name, never in argv).
   * @default none; env `HF_TOKEN` (then `HUGGING_FACE_HUB_TOKEN`)
   */
  hfToken?: string;

  /**
   * Host directory of local models, mounted read-only at `/models`; a `model` path inside it is
   * translated. Docker `-v <path>:/models:ro`. @default none; env `VLLM_MODELS_PATH`
   */
  modelsPath?: string;

  /**
   * Host Hugging Face cache, mounted so downloads survive the container. `false` = no mount.
   * Docker `-v <path>:/root/.cache/huggingface`. @default `~/.cache/huggingface`; env `HF_HOME`
   */
  hfCachePath?: string | false;

  /**
   * Host vLLM cache (torch.compile artifacts: warm restarts compile in seconds). `false` = no mount.
   * Docker `-v <path>:/root/.cache/vllm`. @default `~/.cache/vllm`; env `VLLM_CACHE_ROOT`
   */
  vllmCachePath?: string | false;

  /**
   * IPC namespace. `'host'` gives PyTorch/NCCL the host's shared memory (vLLM's recommendation);
   * otherwise set `shmSize`. Docker `--ipc`. @default 'host'
   */
  ipc?: 'host' | 'private' | 'shareable';

  /** Size of `/dev/shm` when `ipc` is not `'host'` (e.g. `'16g'`). Docker `--shm-size`. @default Docker's (64m) */
  shmSize?: string;

  /**
   * Media items per prompt and modality (`--limit-mm-per-prompt`, e.g. `{ image: 4, video: 1 }`; `0`
   * turns a modality off). Lower limits shrink the memory vLLM reserves for the vision/audio encoder.
   * The provider from `server.provider()` then refuses prompts with more items before the request.
   * @default the preset's (vision presets: `{ image: 4, video: 1 }`, Whisper: `{ audio: 1 }`), else vLLM's 999
   */
  limitMmPerPrompt?: Readonly<Partial<Record<'image' | 'audio' | 'video', number>>>;

  /**
   * Hosts vLLM may fetch media URLs from (`--allowed-media-domains`): a multimodal server fetches any
   * http(s) URL it is sent otherwise (SSRF risk when prompts come from users). @default any host
   * @example ['upload.wikimedia.org', 'images.example.com']
   */
  allowedMediaDomains?: readonly string[];

  /**
   * Model preset (tool-call/reasoning parser, runner) by name, or `false` for none.
   * @default detected from the model name (see `VLLM_MODEL_PRESETS`)
   */
  preset?: string | false;

  /**
   * More environment variables for the server. Passed by name (`-e NAME`), values never in argv.
   * @default `{ VLLM_NO_USAGE_STATS: '1' }` (yours are added)
   */
  env?: Readonly<Record<string, string>>;

  /**
   * More `docker run` flags, placed before the image. Must be flags (start with `-`); `-p`, `-e NAME=value`,
   * `--rm`, `-d` and `--name` are rejected (use the options). @default none
   * @example ['--cpus', '8']
   */
  dockerArgs?: readonly string[];

  /**
   * More `vllm serve` flags, placed after the model. `--api-key`/`--hf-token` (secrets), `--host`,
   * `--port` and `--served-model-name` are rejected (use the options). @default none
   * @example ['--max-num-seqs', '64', '--enable-prefix-caching']
   */
  vllmArgs?: readonly string[];

  /** Container name (`--name`). @default Docker's generated name */
  name?: string;

  /** More container labels (`--label`). @default none */
  labels?: Readonly<Record<string, string>>;

  /**
   * Attach to a running server started with the same configuration (restarting a stopped one)
   * instead of creating another; two processes starting the same configuration get one server.
   * Reused servers survive this process and are never reaped. @default false
   */
  reuse?: boolean;

  /**
   * Stop this (non-reused) server when the process exits or gets SIGINT/SIGTERM. A server whose
   * owner was SIGKILLed is removed by the next start on this host. @default true
   */
  cleanupOnExit?: boolean;

  /** Overall startup budget in ms, image pull included. @default 1_800_000 (30 min) */
  startupTimeoutMs?: number;

  /**
   * Fail when nothing progressed (no log line, no download bytes, no pull output) for this long.
   * @default 600_000 (10 min; model downloads print nothing, but the HF cache growing counts)
   */
  noProgressTimeoutMs?: number;

  /** Interval of the `/health` poll while starting, in ms. @default 250 */
  healthPollIntervalMs?: number;

  /** Grace period for `stop()` before the server is killed, in ms. Docker `stop -t`. @default 10_000 */
  stopTimeoutMs?: number;

  /** Path of the runtime executable (`docker`, `podman` or `vllm`). @default the runtime's name, from PATH */
  executable?: string;

  /** Called for every phase change and every progress update while starting. */
  onProgress?: (progress: VllmStartupProgress) => void;

  /** Called with every line the server prints while starting (secrets redacted). */
  onLog?: (line: string, stream: VllmLogStream) => void;

  /** Aborts the start; a half-started server is removed. */
  signal?: AbortSignal;
}
