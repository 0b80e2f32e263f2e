import { homedir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import {
  checkEnvName,
  checkFlagValue,
  checkFraction,
  checkIdentifier,
  checkInteger,
  checkName,
  checkString,
  isLocalModelPath,
} from './option-validators';
import { CONTAINER_MODELS_PATH, type ResolvedVllmServerOptions } from './resolved-vllm-server-options';
import type { VllmLoraModule } from './vllm-engine-options';
import type { VllmGpus, VllmRuntimeKind } from './vllm-server-options';
import { invalidOption } from './vllm-sidecar-error';

// The parts of `resolveVllmServerOptions`: one parser per kind of option value. Each throws an
// `invalid-options` VllmSidecarError naming the option (or environment variable).

export function toServerModel(
  model: string,
  runtime: VllmRuntimeKind,
  modelsPath: string | undefined,
): string {
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

export function resolveGpus(
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

export function intOption(
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

export function fractionOption(value: unknown, envValue: string | undefined): number | undefined {
  if (value !== undefined) return checkFraction('gpuMemoryUtilization', value);
  if (envValue !== undefined) return checkFraction('VLLM_GPU_MEMORY_UTILIZATION', Number(envValue));
  return undefined;
}

export function identifierOption(
  option: string,
  value: unknown,
  envName: string,
  envValue: string | undefined,
): string | undefined {
  if (value !== undefined) return checkIdentifier(option, value);
  return envValue === undefined ? undefined : checkIdentifier(envName, envValue);
}

export function parserOption(
  option: string,
  value: unknown,
  fromPreset: string | undefined,
): string | undefined {
  if (value === false) return undefined;
  if (value === undefined) return fromPreset;
  return checkIdentifier(option, value);
}

export function boolOption(option: string, value: unknown): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  throw invalidOption(option, `expected true or false, got ${JSON.stringify(value)}.`);
}

export function envBool(name: string, value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (/^(?:1|true|yes|on)$/i.test(value)) return true;
  if (/^(?:0|false|no|off)$/i.test(value)) return false;
  throw invalidOption(name, `expected 1/true or 0/false, got "${value}".`);
}

export function secretOption(option: string, value: unknown): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || /[\r\n\0]/.test(value))
    throw invalidOption(option, 'expected a single-line string.');
  return value;
}

export function absolutePath(option: string, value: unknown): string {
  const path = checkString(option, value);
  return resolve(path.startsWith('~/') ? join(homedir(), path.slice(2)) : path);
}

export function cachePath(
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

export function functionOption<T>(option: string, value: T | undefined): T | undefined {
  if (value !== undefined && typeof value !== 'function') throw invalidOption(option, 'expected a function.');
  return value;
}

export function containerName(value: unknown): string {
  const name = checkFlagValue('name', value);
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]+$/.test(name))
    throw invalidOption('name', `"${name}" is not a valid container name ([a-zA-Z0-9][a-zA-Z0-9_.-]+).`);
  return name;
}

export function resolveLoraModules(value: unknown): VllmLoraModule[] {
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

export const SECRET_ENV_NAMES: Readonly<Record<string, string>> = {
  VLLM_API_KEY: 'apiKey',
  HF_TOKEN: 'hfToken',
  HUGGING_FACE_HUB_TOKEN: 'hfToken',
};

export function resolveEnv(value: Readonly<Record<string, string>>): Record<string, string> {
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

export function resolveLabels(value: Readonly<Record<string, string>>): Record<string, string> {
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

/** `limitMmPerPrompt`: the preset's limits overridden per modality by the option. */
export function resolveMediaLimits(
  value: unknown,
  fromPreset: Readonly<Partial<Record<'image' | 'audio' | 'video', number>>> | undefined,
): Partial<Record<'image' | 'audio' | 'video', number>> | undefined {
  if (value === undefined) return fromPreset === undefined ? undefined : { ...fromPreset };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidOption(
      'limitMmPerPrompt',
      `expected an object such as { image: 4 }, got ${JSON.stringify(value)}.`,
    );
  }
  const limits: Partial<Record<'image' | 'audio' | 'video', number>> = { ...fromPreset };
  for (const [modality, count] of Object.entries(value)) {
    if (modality !== 'image' && modality !== 'audio' && modality !== 'video') {
      throw invalidOption(`limitMmPerPrompt.${modality}`, 'unknown modality.', 'Use image, audio or video.');
    }
    limits[modality] = checkInteger(`limitMmPerPrompt.${modality}`, count, 0);
  }
  return limits;
}
