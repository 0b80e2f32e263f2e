import { homedir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { findModelPreset, VLLM_MODEL_PRESETS, type VllmModelPreset } from './model-presets';
import {
  checkDockerArgs,
  checkEnvName,
  checkFlagValue,
  checkFraction,
  checkHost,
  checkIdentifier,
  checkImage,
  checkInteger,
  checkModel,
  checkName,
  checkOneOf,
  checkString,
  checkVllmArgs,
  isLocalModelPath,
} from './option-validators';
import type { VllmStartupProgress } from './startup-phases';
import type { VllmLoraModule } from './vllm-engine-options';
import type { VllmGpus, VllmLogStream, VllmRuntimeKind, VllmServerOptions } from './vllm-server-options';
import { invalidOption } from './vllm-sidecar-error';

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

const DTYPES = ['auto', 'bfloat16', 'float', 'float16', 'float32', 'half'] as const;

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

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Resolves every option once: the call's options, then `settings` (from `createVllmSidecar()` /
 * `createManagedVllm()`), then the environment, then the defaults; validates each and throws an
 * `invalid-options` VllmSidecarError naming the option (or environment variable) and the fix.
 */
export function resolveVllmServerOptions(
  options: VllmServerOptions = {},
  settings: VllmServerOptions = {},
  env: Env = process.env,
): ResolvedVllmServerOptions {
  const pick = <K extends keyof VllmServerOptions>(key: K): VllmServerOptions[K] =>
    options[key] ?? settings[key];
  const fromEnv = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };

  const runtime = checkOneOf(
    pick('runtime') !== undefined ? 'runtime' : 'VLLM_CONTAINER_RUNTIME',
    pick('runtime') ?? fromEnv('VLLM_CONTAINER_RUNTIME') ?? 'docker',
    ['docker', 'podman', 'process'] as const,
  );
  const modelValue = pick('model');
  if (modelValue === undefined)
    throw invalidOption(
      'model',
      'it is required.',
      'Pass the model to serve, e.g. { model: "Qwen/Qwen3-0.6B" }.',
    );
  const model = checkModel('model', modelValue);

  const modelsPathValue = pick('modelsPath') ?? fromEnv('VLLM_MODELS_PATH');
  const modelsPath =
    modelsPathValue === undefined
      ? undefined
      : absolutePath(pick('modelsPath') !== undefined ? 'modelsPath' : 'VLLM_MODELS_PATH', modelsPathValue);
  const serverModel = toServerModel(model, runtime, modelsPath);

  const servedValue = pick('servedModelName');
  const servedList =
    servedValue === undefined ? [] : typeof servedValue === 'string' ? [servedValue] : [...servedValue];
  for (const [index, name] of servedList.entries()) {
    checkName(servedList.length > 1 ? `servedModelName[${index}]` : 'servedModelName', name);
  }
  const servedModelNames = servedList.length > 0 ? servedList : [serverModel];

  const gpus = resolveGpus(pick('gpus'), fromEnv('VLLM_CONTAINER_GPU'));
  const imageValue = pick('image') ?? fromEnv('VLLM_CONTAINER_IMAGE');
  const image = checkImage(
    pick('image') !== undefined ? 'image' : 'VLLM_CONTAINER_IMAGE',
    imageValue ?? (gpus === false ? VLLM_DEFAULT_CPU_IMAGE : VLLM_DEFAULT_IMAGE),
  );

  const port = intOption('port', pick('port'), 'VLLM_API_PORT', fromEnv('VLLM_API_PORT'), 0, 65535) ?? 0;
  const presetName = pick('preset');
  const preset = findModelPreset(model, presetName);
  if (typeof presetName === 'string' && preset === undefined) {
    throw invalidOption(
      'preset',
      `unknown preset "${presetName}".`,
      `Known presets: ${VLLM_MODEL_PRESETS.map((p) => p.name).join(', ')}.`,
    );
  }

  const toolCallParser = parserOption('toolCallParser', pick('toolCallParser'), preset?.toolCallParser);
  const reasoningParser = parserOption('reasoningParser', pick('reasoningParser'), preset?.reasoningParser);
  const loraModules = resolveLoraModules(pick('loraModules'));
  const allowRuntimeLoraUpdating =
    boolOption('allowRuntimeLoraUpdating', pick('allowRuntimeLoraUpdating')) ?? false;
  const maxModelLenValue = pick('maxModelLen');
  const maxModelLenEnv = fromEnv('VLLM_MAX_MODEL_LEN');
  const maxModelLen =
    maxModelLenValue === 'auto' || (maxModelLenValue === undefined && maxModelLenEnv === 'auto')
      ? 'auto'
      : intOption('maxModelLen', maxModelLenValue, 'VLLM_MAX_MODEL_LEN', maxModelLenEnv, 1);

  const ipc = checkOneOf('ipc', pick('ipc') ?? 'host', ['host', 'private', 'shareable'] as const);
  const shmSizeValue = pick('shmSize');
  const shmSize = shmSizeValue === undefined ? undefined : checkFlagValue('shmSize', shmSizeValue);
  if (shmSize !== undefined && !/^\d+(?:\.\d+)?[bkmgBKMG]?$/.test(shmSize))
    throw invalidOption('shmSize', `"${shmSize}" is not a size like "16g".`);

  const resolved: ResolvedVllmServerOptions = {
    runtime,
    executable: checkString('executable', pick('executable') ?? (runtime === 'process' ? 'vllm' : runtime)),
    model,
    serverModel,
    servedModelNames,
    explicitServedModelName: servedList.length > 0,
    image,
    pull: checkOneOf('pull', pick('pull') ?? 'missing', ['missing', 'always', 'never'] as const),
    gpus,
    port,
    host: checkHost('host', pick('host') ?? '127.0.0.1'),
    apiKey: secretOption('apiKey', pick('apiKey') ?? fromEnv('VLLM_API_KEY')),
    hfToken: secretOption(
      'hfToken',
      pick('hfToken') ?? fromEnv('HF_TOKEN') ?? fromEnv('HUGGING_FACE_HUB_TOKEN'),
    ),
    tensorParallelSize: intOption(
      'tensorParallelSize',
      pick('tensorParallelSize'),
      'VLLM_TENSOR_PARALLEL_SIZE',
      fromEnv('VLLM_TENSOR_PARALLEL_SIZE'),
      1,
    ),
    pipelineParallelSize: intOption(
      'pipelineParallelSize',
      pick('pipelineParallelSize'),
      undefined,
      undefined,
      1,
    ),
    gpuMemoryUtilization: fractionOption(
      pick('gpuMemoryUtilization'),
      fromEnv('VLLM_GPU_MEMORY_UTILIZATION'),
    ),
    maxModelLen,
    quantization: identifierOption(
      'quantization',
      pick('quantization'),
      'VLLM_QUANTIZATION',
      fromEnv('VLLM_QUANTIZATION'),
    ),
    dtype: pick('dtype') === undefined ? undefined : checkOneOf('dtype', pick('dtype'), DTYPES),
    trustRemoteCode:
      boolOption('trustRemoteCode', pick('trustRemoteCode')) ??
      envBool('VLLM_TRUST_REMOTE_CODE', fromEnv('VLLM_TRUST_REMOTE_CODE')) ??
      preset?.trustRemoteCode ??
      false,
    enableLora:
      boolOption('enableLora', pick('enableLora')) ?? (loraModules.length > 0 || allowRuntimeLoraUpdating),
    loraModules,
    maxLoras: intOption('maxLoras', pick('maxLoras'), undefined, undefined, 1),
    maxLoraRank: intOption('maxLoraRank', pick('maxLoraRank'), undefined, undefined, 1),
    allowRuntimeLoraUpdating,
    toolCallParser,
    reasoningParser,
    chatTemplate:
      pick('chatTemplate') === undefined ? undefined : checkFlagValue('chatTemplate', pick('chatTemplate')),
    generationConfig:
      pick('generationConfig') === undefined
        ? undefined
        : checkFlagValue('generationConfig', pick('generationConfig')),
    runner:
      pick('runner') === undefined
        ? preset?.runner
        : checkOneOf('runner', pick('runner'), ['auto', 'generate', 'pooling'] as const),
    enforceEager: boolOption('enforceEager', pick('enforceEager')) ?? false,
    preset,
    modelsPath,
    hfCachePath: cachePath(
      'hfCachePath',
      pick('hfCachePath'),
      'HF_HOME',
      fromEnv('HF_HOME'),
      join(homedir(), '.cache', 'huggingface'),
    ),
    vllmCachePath: cachePath(
      'vllmCachePath',
      pick('vllmCachePath'),
      'VLLM_CACHE_ROOT',
      fromEnv('VLLM_CACHE_ROOT'),
      join(homedir(), '.cache', 'vllm'),
    ),
    ipc,
    shmSize,
    env: resolveEnv({ ...settings.env, ...options.env }),
    dockerArgs: checkDockerArgs('dockerArgs', pick('dockerArgs') ?? []),
    vllmArgs: [...(preset?.vllmArgs ?? []), ...checkVllmArgs('vllmArgs', pick('vllmArgs') ?? [])],
    name: pick('name') === undefined ? undefined : containerName(pick('name')),
    labels: resolveLabels({ ...settings.labels, ...options.labels }),
    reuse: boolOption('reuse', pick('reuse')) ?? false,
    cleanupOnExit: boolOption('cleanupOnExit', pick('cleanupOnExit')) ?? true,
    startupTimeoutMs:
      intOption('startupTimeoutMs', pick('startupTimeoutMs'), undefined, undefined, 1) ?? 1_800_000,
    noProgressTimeoutMs:
      intOption('noProgressTimeoutMs', pick('noProgressTimeoutMs'), undefined, undefined, 1) ?? 600_000,
    healthPollIntervalMs:
      intOption('healthPollIntervalMs', pick('healthPollIntervalMs'), undefined, undefined, 10) ?? 250,
    stopTimeoutMs: intOption('stopTimeoutMs', pick('stopTimeoutMs'), undefined, undefined, 0) ?? 10_000,
    onProgress: functionOption('onProgress', pick('onProgress')),
    onLog: functionOption('onLog', pick('onLog')),
    signal: options.signal ?? settings.signal,
  };
  if (resolved.toolCallParser === undefined && resolved.vllmArgs.includes('--enable-auto-tool-choice')) {
    throw invalidOption(
      'vllmArgs',
      '--enable-auto-tool-choice needs a tool-call parser.',
      'Set toolCallParser (it adds --enable-auto-tool-choice itself).',
    );
  }
  return resolved;
}

function toServerModel(model: string, runtime: VllmRuntimeKind, modelsPath: string | undefined): string {
  if (!isLocalModelPath(model)) return model;
  const hostPath = model.startsWith('~/') ? join(homedir(), model.slice(2)) : resolve(model);
  if (runtime === 'process') return hostPath;
  if (modelsPath !== undefined) {
    const inside = relative(modelsPath, hostPath);
    if (inside !== '' && !inside.startsWith('..') && !isAbsolute(inside))
      return `${CONTAINER_MODELS_PATH}/${inside.split('\\').join('/')}`;
  }
  if (!model.startsWith('/')) {
    throw invalidOption(
      'model',
      `the local path "${model}" is not inside modelsPath, so the container cannot see it.`,
      'Set modelsPath (VLLM_MODELS_PATH) to a directory containing it.',
    );
  }
  return model; // a path inside the container (e.g. /models/x, or a mount from dockerArgs)
}

function resolveGpus(
  value: VllmGpus | undefined,
  envValue: string | undefined,
): ResolvedVllmServerOptions['gpus'] {
  if (value === undefined && envValue !== undefined) {
    const lower = envValue.toLowerCase();
    if (['none', 'false', 'no', 'off', 'cpu'].includes(lower)) return false;
    if (lower === 'all') return 'all';
    if (/^\d+$/.test(lower) && !envValue.includes(',')) {
      const count = Number(lower);
      if (count === 0) return false;
      return count;
    }
    return resolveGpus(
      envValue.split(',').map((item) => item.trim()),
      undefined,
    );
  }
  if (value === undefined || value === 'all') return 'all';
  if (value === false) return false;
  if (typeof value === 'number') {
    checkInteger('gpus', value, 1);
    return value;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) throw invalidOption('gpus', 'the device list is empty.', 'Use false for no GPU.');
    return value.map((device, index) => {
      const id = String(device);
      if (!/^[\w-]+$/.test(id)) throw invalidOption(`gpus[${index}]`, `"${id}" is not a GPU index or UUID.`);
      return id;
    });
  }
  throw invalidOption(
    'gpus',
    `expected "all", a count, a list of device ids or false, got ${JSON.stringify(value)}.`,
  );
}

function intOption(
  option: string,
  value: unknown,
  envName: string | undefined,
  envValue: string | undefined,
  min: number,
  max?: number,
): number | undefined {
  if (value !== undefined) return checkInteger(option, value, min, max);
  if (envName !== undefined && envValue !== undefined) {
    if (!/^\d+$/.test(envValue)) throw invalidOption(envName, `expected an integer, got "${envValue}".`);
    return checkInteger(envName, Number(envValue), min, max);
  }
  return undefined;
}

function fractionOption(value: unknown, envValue: string | undefined): number | undefined {
  if (value !== undefined) return checkFraction('gpuMemoryUtilization', value);
  if (envValue !== undefined) return checkFraction('VLLM_GPU_MEMORY_UTILIZATION', Number(envValue));
  return undefined;
}

function identifierOption(
  option: string,
  value: unknown,
  envName: string,
  envValue: string | undefined,
): string | undefined {
  if (value !== undefined) return checkIdentifier(option, value);
  return envValue === undefined ? undefined : checkIdentifier(envName, envValue);
}

function parserOption(option: string, value: unknown, fromPreset: string | undefined): string | undefined {
  if (value === false) return undefined;
  if (value === undefined) return fromPreset;
  return checkIdentifier(option, value);
}

function boolOption(option: string, value: unknown): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  throw invalidOption(option, `expected true or false, got ${JSON.stringify(value)}.`);
}

function envBool(name: string, value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (/^(?:1|true|yes|on)$/i.test(value)) return true;
  if (/^(?:0|false|no|off)$/i.test(value)) return false;
  throw invalidOption(name, `expected 1/true or 0/false, got "${value}".`);
}

function secretOption(option: string, value: unknown): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || /[\r\n\0]/.test(value))
    throw invalidOption(option, 'expected a single-line string.');
  return value;
}

function absolutePath(option: string, value: unknown): string {
  const path = checkString(option, value);
  return resolve(path.startsWith('~/') ? join(homedir(), path.slice(2)) : path);
}

function cachePath(
  option: string,
  value: string | false | undefined,
  envName: string,
  envValue: string | undefined,
  fallback: string,
): string | undefined {
  if (value === false) return undefined;
  if (value !== undefined) return absolutePath(option, value);
  return envValue !== undefined ? absolutePath(envName, envValue) : fallback;
}

function functionOption<T>(option: string, value: T | undefined): T | undefined {
  if (value !== undefined && typeof value !== 'function') throw invalidOption(option, 'expected a function.');
  return value;
}

function containerName(value: unknown): string {
  const name = checkFlagValue('name', value);
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]+$/.test(name))
    throw invalidOption('name', `"${name}" is not a valid container name ([a-zA-Z0-9][a-zA-Z0-9_.-]+).`);
  return name;
}

function resolveLoraModules(value: unknown): VllmLoraModule[] {
  if (value === undefined) return [];
  if (!Array.isArray(value))
    throw invalidOption('loraModules', 'expected an array of { name, path, baseModelName? }.');
  return value.map((module: VllmLoraModule, index) => ({
    name: checkName(`loraModules[${index}].name`, module?.name),
    path: checkFlagValue(`loraModules[${index}].path`, module?.path),
    ...(module.baseModelName === undefined
      ? {}
      : { baseModelName: checkName(`loraModules[${index}].baseModelName`, module.baseModelName) }),
  }));
}

const SECRET_ENV_NAMES: Readonly<Record<string, string>> = {
  VLLM_API_KEY: 'apiKey',
  HF_TOKEN: 'hfToken',
  HUGGING_FACE_HUB_TOKEN: 'hfToken',
};

function resolveEnv(value: Readonly<Record<string, string>>): Record<string, string> {
  const env: Record<string, string> = { VLLM_NO_USAGE_STATS: '1' };
  for (const [name, item] of Object.entries(value)) {
    checkEnvName(`env.${name}`, name);
    if (SECRET_ENV_NAMES[name])
      throw invalidOption(
        `env.${name}`,
        'it is a secret the sidecar manages:',
        `use the ${SECRET_ENV_NAMES[name]} option.`,
      );
    if (typeof item !== 'string') throw invalidOption(`env.${name}`, 'expected a string value.');
    env[name] = item;
  }
  return env;
}

function resolveLabels(value: Readonly<Record<string, string>>): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (!/^[\w.-]+$/.test(key) || key.startsWith('vllm-ai-provider.')) {
      throw invalidOption(
        `labels.${key}`,
        'label keys use letters, digits, ".", "-", "_" and must not start with "vllm-ai-provider." (reserved).',
      );
    }
    labels[key] = checkString(`labels.${key}`, item);
  }
  return labels;
}
