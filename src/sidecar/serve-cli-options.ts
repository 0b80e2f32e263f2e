import { parseArgs } from 'node:util';
import type { VllmGpus, VllmServerOptions } from './vllm-server-options';

// `vllm-ai-provider serve <model> [options] [-- <vllm serve flags>]`: argv → VllmServerOptions.
// Pure, so the CLI file stays thin and this stays testable. Secrets are never taken from argv:
// the API key and HF token come from VLLM_API_KEY and HF_TOKEN.

export const SERVE_USAGE = `usage: vllm-ai-provider serve <model> [options] [-- <more vllm serve flags>]

Starts vLLM (the vllm/vllm-openai image by default), shows progress per phase, prints the base URL
and a code snippet, and stops the server on Ctrl-C. The API key and Hugging Face token are read
from VLLM_API_KEY and HF_TOKEN (never from the command line).

Runtime:
  --runtime <docker|podman|process>   how to run vLLM (env VLLM_CONTAINER_RUNTIME; default docker)
  --image <ref>                       image (env VLLM_CONTAINER_IMAGE; default vllm/vllm-openai:v0.26.0)
  --pull <missing|always|never>       when to pull the image (default missing)
  --gpus <all|none|N|0,1>             GPUs (env VLLM_CONTAINER_GPU; default all)
  --port <n>                          host port (env VLLM_API_PORT; default: a free one)
  --host <ip>                         host interface (default 127.0.0.1)
  --name <name>                       container name
  --reuse                             attach to a running server with the same configuration
  --detach                            leave the server running after this command exits (implies --reuse)
  --models-path <dir>                 host models directory, mounted at /models (env VLLM_MODELS_PATH)
  --hf-cache <dir> | --no-hf-cache    Hugging Face cache mount (env HF_HOME; default ~/.cache/huggingface)
  --vllm-cache <dir> | --no-vllm-cache  torch.compile cache mount (env VLLM_CACHE_ROOT; default ~/.cache/vllm)
  --ipc <host|private|shareable>      IPC namespace (default host)
  --shm-size <size>                   /dev/shm size when --ipc is not host (e.g. 16g)
  --env <NAME=VALUE>                  extra environment variable for the server (repeatable; not for secrets)
  --docker-arg <arg>                  extra docker run argument (repeatable)
  --startup-timeout <seconds>         overall startup budget (default 1800)
  --no-progress-timeout <seconds>     fail after this long without progress (default 600)

vLLM:
  --served-model-name <name>          name the API serves the model under
  --max-model-len <n|auto>            context length (env VLLM_MAX_MODEL_LEN)
  --gpu-memory-utilization <0-1>      fraction of GPU memory (env VLLM_GPU_MEMORY_UTILIZATION)
  -tp, --tensor-parallel-size <n>     tensor parallel size (env VLLM_TENSOR_PARALLEL_SIZE)
  -pp, --pipeline-parallel-size <n>   pipeline parallel size
  --quantization <method>             quantization (env VLLM_QUANTIZATION)
  --dtype <dtype>                     auto, bfloat16, float16, …
  --trust-remote-code                 run the model repo's code (env VLLM_TRUST_REMOTE_CODE)
  --preset <name> | --no-preset       model family preset (default: detected from the model name)
  --tool-call-parser <name> | --no-tool-call-parser
  --reasoning-parser <name> | --no-reasoning-parser
  --runner <auto|generate|pooling>    pooling serves embeddings / rerank
  --enforce-eager                     skip torch.compile and CUDA graphs (faster start)
  --enable-lora                       serve LoRA adapters
  --lora-modules <name=path>          adapter to load at startup (repeatable)
  --max-loras <n>, --max-lora-rank <n>
  --allow-runtime-lora-updating       load/unload adapters at runtime
  --chat-template <path|template>     chat template (a path inside the container)
  --generation-config <auto|vllm|dir>

Output:
  --logs                              print vLLM's log lines while starting
  -h, --help                          this help
`;

/** The parsed command line. */
export interface ServeCommand {
  options: VllmServerOptions;
  detach: boolean;
  showLogs: boolean;
  help: boolean;
}

/** A command-line mistake: the message says which argument and how to fix it. */
export class ServeUsageError extends Error {
  override name = 'ServeUsageError';
}

const OPTIONS = {
  runtime: { type: 'string' },
  image: { type: 'string' },
  pull: { type: 'string' },
  gpus: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  name: { type: 'string' },
  reuse: { type: 'boolean' },
  detach: { type: 'boolean' },
  'models-path': { type: 'string' },
  'hf-cache': { type: 'string' },
  'no-hf-cache': { type: 'boolean' },
  'vllm-cache': { type: 'string' },
  'no-vllm-cache': { type: 'boolean' },
  ipc: { type: 'string' },
  'shm-size': { type: 'string' },
  env: { type: 'string', multiple: true },
  'docker-arg': { type: 'string', multiple: true },
  'startup-timeout': { type: 'string' },
  'no-progress-timeout': { type: 'string' },
  'served-model-name': { type: 'string', multiple: true },
  'max-model-len': { type: 'string' },
  'gpu-memory-utilization': { type: 'string' },
  'tensor-parallel-size': { type: 'string' },
  'pipeline-parallel-size': { type: 'string' },
  quantization: { type: 'string' },
  dtype: { type: 'string' },
  'trust-remote-code': { type: 'boolean' },
  preset: { type: 'string' },
  'no-preset': { type: 'boolean' },
  'tool-call-parser': { type: 'string' },
  'no-tool-call-parser': { type: 'boolean' },
  'reasoning-parser': { type: 'string' },
  'no-reasoning-parser': { type: 'boolean' },
  runner: { type: 'string' },
  'enforce-eager': { type: 'boolean' },
  'enable-lora': { type: 'boolean' },
  'lora-modules': { type: 'string', multiple: true },
  'max-loras': { type: 'string' },
  'max-lora-rank': { type: 'string' },
  'allow-runtime-lora-updating': { type: 'boolean' },
  'chat-template': { type: 'string' },
  'generation-config': { type: 'string' },
  logs: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function number(flag: string, value: string | undefined, scale = 1): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed))
    throw new ServeUsageError(`--${flag} expects a number, got "${value}".`);
  return parsed * scale;
}

function gpus(value: string | undefined): VllmGpus | undefined {
  if (value === undefined) return undefined;
  if (['none', 'false', 'cpu', '0'].includes(value)) return false;
  if (value === 'all') return 'all';
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map((device) => device.trim());
}

function keyValues(flag: string, items: readonly string[] | undefined): Record<string, string> | undefined {
  if (!items) return undefined;
  return Object.fromEntries(
    items.map((item) => {
      const equals = item.indexOf('=');
      if (equals <= 0) throw new ServeUsageError(`--${flag} expects NAME=VALUE, got "${item}".`);
      return [item.slice(0, equals), item.slice(equals + 1)];
    }),
  );
}

// `-tp 2` / `-pp 2` as in vLLM: rewrite the two-letter aliases before parseArgs (it only knows one-letter shorts).
function normalizeAliases(argv: readonly string[]): string[] {
  return argv.map((arg) =>
    arg === '-tp' ? '--tensor-parallel-size' : arg === '-pp' ? '--pipeline-parallel-size' : arg,
  );
}

/** Parses `serve` arguments. Throws ServeUsageError for command-line mistakes. */
export function parseServeCommand(argv: readonly string[]): ServeCommand {
  const separator = argv.indexOf('--');
  const own = normalizeAliases(separator === -1 ? argv : argv.slice(0, separator));
  const vllmArgs = separator === -1 ? [] : argv.slice(separator + 1);
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args: own, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new ServeUsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { options: {}, detach: false, showLogs: false, help: true };
  if (positionals.length !== 1) {
    throw new ServeUsageError(
      positionals.length === 0
        ? 'the model is required, e.g. `serve Qwen/Qwen3-0.6B`.'
        : `expected one model, got ${positionals.join(' ')} (put vllm flags after --).`,
    );
  }
  const maxModelLen = values['max-model-len'];
  const served = values['served-model-name'];
  const options: VllmServerOptions = {
    model: positionals[0],
    runtime: values.runtime as VllmServerOptions['runtime'],
    image: values.image,
    pull: values.pull as VllmServerOptions['pull'],
    gpus: gpus(values.gpus),
    port: number('port', values.port),
    host: values.host,
    name: values.name,
    reuse: values.reuse || values.detach ? true : undefined,
    modelsPath: values['models-path'],
    hfCachePath: values['no-hf-cache'] ? false : values['hf-cache'],
    vllmCachePath: values['no-vllm-cache'] ? false : values['vllm-cache'],
    ipc: values.ipc as VllmServerOptions['ipc'],
    shmSize: values['shm-size'],
    env: keyValues('env', values.env),
    dockerArgs: values['docker-arg'],
    startupTimeoutMs: number('startup-timeout', values['startup-timeout'], 1000),
    noProgressTimeoutMs: number('no-progress-timeout', values['no-progress-timeout'], 1000),
    servedModelName: served === undefined ? undefined : served.length === 1 ? served[0] : served,
    maxModelLen: maxModelLen === 'auto' ? 'auto' : number('max-model-len', maxModelLen),
    gpuMemoryUtilization: number('gpu-memory-utilization', values['gpu-memory-utilization']),
    tensorParallelSize: number('tensor-parallel-size', values['tensor-parallel-size']),
    pipelineParallelSize: number('pipeline-parallel-size', values['pipeline-parallel-size']),
    quantization: values.quantization,
    dtype: values.dtype as VllmServerOptions['dtype'],
    trustRemoteCode: values['trust-remote-code'],
    preset: values['no-preset'] ? false : values.preset,
    toolCallParser: values['no-tool-call-parser'] ? false : values['tool-call-parser'],
    reasoningParser: values['no-reasoning-parser'] ? false : values['reasoning-parser'],
    runner: values.runner as VllmServerOptions['runner'],
    enforceEager: values['enforce-eager'],
    enableLora: values['enable-lora'],
    loraModules: values['lora-modules']?.map((item) => {
      const [name, path] = Object.entries(keyValues('lora-modules', [item]) ?? {})[0];
      return { name, path };
    }),
    maxLoras: number('max-loras', values['max-loras']),
    maxLoraRank: number('max-lora-rank', values['max-lora-rank']),
    allowRuntimeLoraUpdating: values['allow-runtime-lora-updating'],
    chatTemplate: values['chat-template'],
    generationConfig: values['generation-config'],
    vllmArgs: vllmArgs.length > 0 ? vllmArgs : undefined,
    cleanupOnExit: false,
  };
  const defined = Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  ) as VllmServerOptions;
  return { options: defined, detach: values.detach === true, showLogs: values.logs === true, help: false };
}
