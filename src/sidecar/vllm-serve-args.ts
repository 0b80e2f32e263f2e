import type { ResolvedVllmServerOptions } from './resolve-vllm-server-options';

/** Where the API listens, as the server process sees it. */
export interface ServeAddress {
  host: string;
  port: number;
}

/**
 * The `vllm serve` arguments (after `vllm serve`, i.e. the container command of a vLLM image).
 * Pure. Never contains a secret: the API key and HF token travel as environment variables.
 */
export function buildVllmServeArgs(options: ResolvedVllmServerOptions, address: ServeAddress): string[] {
  const args = [options.serverModel];
  if (options.explicitServedModelName) args.push('--served-model-name', ...options.servedModelNames);
  args.push('--host', address.host, '--port', String(address.port));
  const add = (flag: string, value: string | number | undefined) => {
    if (value !== undefined) args.push(flag, String(value));
  };
  add('--tensor-parallel-size', options.tensorParallelSize);
  add('--pipeline-parallel-size', options.pipelineParallelSize);
  add('--gpu-memory-utilization', options.gpuMemoryUtilization);
  add('--max-model-len', options.maxModelLen);
  add('--quantization', options.quantization);
  add('--dtype', options.dtype);
  if (options.trustRemoteCode) args.push('--trust-remote-code');
  if (options.enableLora) args.push('--enable-lora');
  if (options.loraModules.length > 0) {
    args.push(
      '--lora-modules',
      ...options.loraModules.map((module) =>
        module.baseModelName === undefined
          ? `${module.name}=${module.path}`
          : JSON.stringify({ name: module.name, path: module.path, base_model_name: module.baseModelName }),
      ),
    );
  }
  add('--max-loras', options.maxLoras);
  add('--max-lora-rank', options.maxLoraRank);
  if (options.toolCallParser !== undefined)
    args.push('--enable-auto-tool-choice', '--tool-call-parser', options.toolCallParser);
  add('--reasoning-parser', options.reasoningParser);
  add('--chat-template', options.chatTemplate);
  add('--generation-config', options.generationConfig);
  add('--runner', options.runner);
  if (options.enforceEager) args.push('--enforce-eager');
  if (options.limitMmPerPrompt !== undefined && Object.keys(options.limitMmPerPrompt).length > 0)
    args.push('--limit-mm-per-prompt', JSON.stringify(options.limitMmPerPrompt));
  if (options.allowedMediaDomains.length > 0)
    args.push('--allowed-media-domains', ...options.allowedMediaDomains);
  args.push(...options.vllmArgs);
  return args;
}

/** The server's environment: non-secret values plus the secrets, and the names of the secret ones. */
export interface ServerEnvironment {
  /** Every variable the server gets (values included: hand this to the child process, never to argv). */
  values: Record<string, string>;
  /** Names of the variables that hold secrets (redacted everywhere). */
  secretNames: string[];
}

/** Builds the server's environment. Pure. */
export function buildServerEnvironment(options: ResolvedVllmServerOptions): ServerEnvironment {
  const values: Record<string, string> = { ...options.env };
  const secretNames: string[] = [];
  if (options.allowRuntimeLoraUpdating) values.VLLM_ALLOW_RUNTIME_LORA_UPDATING = 'True';
  if (options.apiKey !== undefined) {
    values.VLLM_API_KEY = options.apiKey;
    secretNames.push('VLLM_API_KEY');
  }
  if (options.hfToken !== undefined) {
    values.HF_TOKEN = options.hfToken;
    secretNames.push('HF_TOKEN');
  }
  return { values, secretNames };
}

/** The secret values to redact from logs and errors. */
export function secretValues(options: Pick<ResolvedVllmServerOptions, 'apiKey' | 'hfToken'>): string[] {
  return [options.apiKey, options.hfToken].filter(
    (value): value is string => value !== undefined && value.length > 0,
  );
}
