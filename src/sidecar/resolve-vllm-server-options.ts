import { homedir } from 'node:os';
import { join } from 'node:path';
import { findModelPreset, VLLM_MODEL_PRESETS } from '../provider/vllm-model-presets';
import {
  absolutePath,
  boolOption,
  cachePath,
  containerName,
  envBool,
  fractionOption,
  functionOption,
  identifierOption,
  intOption,
  parserOption,
  resolveEnv,
  resolveGpus,
  resolveLabels,
  resolveLoraModules,
  resolveMediaLimits,
  secretOption,
  toServerModel,
} from './option-parsers';
import {
  checkDockerArgs,
  checkFlagValue,
  checkHost,
  checkImage,
  checkModel,
  checkName,
  checkOneOf,
  checkString,
  checkStringArray,
  checkVllmArgs,
} from './option-validators';
import {
  DTYPES,
  type ResolvedVllmServerOptions,
  VLLM_DEFAULT_CPU_IMAGE,
  VLLM_DEFAULT_IMAGE,
} from './resolved-vllm-server-options';
import type { VllmServerOptions } from './vllm-server-options';
import { invalidOption } from './vllm-sidecar-error';

export {
  CONTAINER_MODELS_PATH,
  type ResolvedVllmServerOptions,
  VLLM_DEFAULT_CPU_IMAGE,
  VLLM_DEFAULT_IMAGE,
  VLLM_DEFAULT_IMAGE_TAG,
  VLLM_DEFAULT_PORT,
} from './resolved-vllm-server-options';

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
      : (intOption('maxModelLen', maxModelLenValue, 'VLLM_MAX_MODEL_LEN', maxModelLenEnv, 1) ??
        preset?.maxModelLen);

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
    limitMmPerPrompt: resolveMediaLimits(pick('limitMmPerPrompt'), preset?.limitMmPerPrompt),
    allowedMediaDomains: checkStringArray('allowedMediaDomains', pick('allowedMediaDomains') ?? []).map(
      (domain, index) => checkName(`allowedMediaDomains[${index}]`, domain),
    ),
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
