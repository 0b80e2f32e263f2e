import {
  CONTAINER_MODELS_PATH,
  type ResolvedVllmServerOptions,
  VLLM_DEFAULT_PORT,
} from './resolve-vllm-server-options';
import { buildVllmServeArgs } from './vllm-serve-args';

/** Mount points inside the official vLLM images (root user). */
export const CONTAINER_HF_CACHE = '/root/.cache/huggingface';
export const CONTAINER_VLLM_CACHE = '/root/.cache/vllm';

/** GPU flags: Docker's `--gpus`, or CDI devices for Podman (which has no `--gpus`). */
export function buildGpuArgs(
  runtime: 'docker' | 'podman',
  gpus: ResolvedVllmServerOptions['gpus'],
): string[] {
  if (gpus === false) return [];
  if (runtime === 'podman') {
    const devices =
      gpus === 'all'
        ? ['all']
        : typeof gpus === 'number'
          ? Array.from({ length: gpus }, (_, index) => String(index))
          : gpus;
    return devices.flatMap((device) => ['--device', `nvidia.com/gpu=${device}`]);
  }
  if (gpus === 'all') return ['--gpus', 'all'];
  if (typeof gpus === 'number') return ['--gpus', String(gpus)];
  return ['--gpus', `"device=${gpus.join(',')}"`];
}

/** The `-p` value: loopback (or the chosen host) only; port 0 lets the daemon pick. */
export function buildPublishArg(host: string, port: number): string {
  const hostPart = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `${hostPart}:${port === 0 ? '' : port}:${VLLM_DEFAULT_PORT}`;
}

/**
 * `docker run` / `podman run` arguments (without the executable). Pure and secret-free: environment
 * variables are passed by name only (`-e NAME`), their values travel in the client's environment.
 */
export function buildContainerRunArgs(
  options: ResolvedVllmServerOptions,
  labels: Readonly<Record<string, string>>,
  envNames: readonly string[],
): string[] {
  const runtime = options.runtime === 'podman' ? 'podman' : 'docker';
  const args = ['run', '--detach', '--init'];
  for (const [key, value] of Object.entries(labels)) args.push('--label', `${key}=${value}`);
  args.push('--publish', buildPublishArg(options.host, options.port));
  args.push(...buildGpuArgs(runtime, options.gpus));
  if (options.ipc === 'host') args.push('--ipc', 'host');
  else {
    args.push('--ipc', options.ipc);
    if (options.shmSize !== undefined) args.push('--shm-size', options.shmSize);
  }
  if (options.hfCachePath !== undefined)
    args.push('--volume', `${options.hfCachePath}:${CONTAINER_HF_CACHE}`);
  if (options.vllmCachePath !== undefined)
    args.push('--volume', `${options.vllmCachePath}:${CONTAINER_VLLM_CACHE}`);
  if (options.modelsPath !== undefined)
    args.push('--volume', `${options.modelsPath}:${CONTAINER_MODELS_PATH}:ro`);
  for (const name of envNames) args.push('--env', name);
  if (options.name !== undefined) args.push('--name', options.name);
  args.push(...options.dockerArgs, options.image);
  args.push(...buildVllmServeArgs(options, { host: '0.0.0.0', port: VLLM_DEFAULT_PORT }));
  return args;
}
