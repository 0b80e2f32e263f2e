import type { VllmMediaInputModality } from '../../provider/version/vllm-server-capabilities';
import type { VllmEmulatorLoraModule, VllmEmulatorOptions } from '../emulator-options';
import type { PrefixCachingHashAlgo } from '../engine/prefix-cache/block-hash';
import type { VllmEmulatorVersion } from '../version-profiles';
import { pythonValueRepr } from './flag-values';
import type { ParsedServeArgs } from './parse-serve-args';
import { REASONING_PARSERS, SERVE_FLAGS, TOOL_CALL_PARSERS } from './serve-flags';

/** Startup failures the CLI can emulate (env `VLLM_EMULATOR_FAILURE`). */
export const STARTUP_FAILURES = ['cuda-oom', 'gated-repo', 'model-not-found', 'no-gpu', 'kv-cache'] as const;
export type StartupFailure = (typeof STARTUP_FAILURES)[number];

/** What `vllm-ai-provider emulate` runs: emulator options plus the startup behaviour. */
export interface EmulateSettings {
  options: VllmEmulatorOptions;
  /** The `non-default args: {...}` dict, as vLLM logs it. */
  nonDefaultArgs: string;
  /** Total emulated startup time in ms (env `VLLM_EMULATOR_STARTUP_DELAY_MS`, default 0). */
  startupDelayMs: number;
  failure: StartupFailure | undefined;
  /** A fatal config error printed as a Python exception line (exit 1), e.g. a bad tool parser. */
  fatal: string | undefined;
  /** Host shown in `Starting vLLM server on http://…`. */
  displayHost: string;
}

function truthy(value: string | undefined): boolean {
  return value === '1' || value?.toLowerCase() === 'true';
}

function parseLoraModules(items: unknown): VllmEmulatorLoraModule[] {
  if (!Array.isArray(items)) return [];
  return items.flatMap((item: string) => {
    if (item.includes('=') && !item.includes(',') && !item.trim().startsWith('{')) {
      const [name, path] = item.split('=', 2);
      return [{ name, path }];
    }
    const parsed = JSON.parse(item) as Record<string, string> | Array<Record<string, string>>;
    return (Array.isArray(parsed) ? parsed : [parsed]).map((entry) => ({
      name: entry.name,
      path: entry.path,
      baseModelName: entry.base_model_name,
    }));
  });
}

/** `--limit-mm-per-prompt '{"image": 2}'` (legacy counts or `{"count": n, …}` objects). */
function mediaLimits(value: unknown): VllmEmulatorOptions['limitMmPerPrompt'] {
  if (typeof value !== 'object' || value === null) return undefined;
  const limits: Partial<Record<VllmMediaInputModality, number>> = {};
  for (const [modality, entry] of Object.entries(value as Record<string, unknown>)) {
    const count = typeof entry === 'number' ? entry : (entry as { count?: unknown } | null)?.count;
    if ((modality === 'image' || modality === 'audio' || modality === 'video') && typeof count === 'number')
      limits[modality] = count;
  }
  return limits;
}

function nonDefaultArgs(parsed: ParsedServeArgs): string {
  const parts: string[] = [];
  if (parsed.modelGiven) parts.push(`'model_tag': ${pythonValueRepr(parsed.model)}`);
  for (const spec of SERVE_FLAGS) {
    const value = spec.d === 'model' ? (parsed.modelGiven ? parsed.model : undefined) : parsed.values[spec.d];
    if (value === undefined || JSON.stringify(value) === JSON.stringify(spec.v ?? null)) continue;
    parts.push(`'${spec.d}': ${pythonValueRepr(value)}`);
  }
  return `{${parts.join(', ')}}`;
}

function fatalError(values: Record<string, unknown>): string | undefined {
  const toolParser = values.tool_call_parser as string | undefined;
  if (values.enable_auto_tool_choice === true) {
    if (!toolParser) return 'TypeError: Error: --enable-auto-tool-choice requires --tool-call-parser';
    if (!TOOL_CALL_PARSERS.includes(toolParser)) {
      return `KeyError: 'invalid tool call parser: ${toolParser} (chose from { ${TOOL_CALL_PARSERS.join(',')} })'`;
    }
  }
  const reasoningParser = values.reasoning_parser as string | undefined;
  if (reasoningParser && !REASONING_PARSERS.includes(reasoningParser)) {
    return `KeyError: 'invalid reasoning parser: ${reasoningParser} (chose from { ${REASONING_PARSERS.join(',')} })'`;
  }
  if (values.enable_log_outputs === true && values.enable_log_requests !== true) {
    return 'TypeError: Error: --enable-log-outputs requires --enable-log-requests';
  }
  const blockSize = values.block_size as number | undefined;
  if (blockSize !== undefined && blockSize <= 0) {
    return `pydantic_core._pydantic_core.ValidationError: 1 validation error for CacheConfig\nblock_size\n  Input should be greater than 0 [type=greater_than, input_value=${blockSize}, input_type=int]`;
  }
  const blocks = values.num_gpu_blocks_override as number | null | undefined;
  if (blocks != null && blocks < 2) {
    return `ValueError: --num-gpu-blocks-override ${blocks}: the emulator needs at least 2 KV-cache blocks (block 0 is reserved).`;
  }
  return undefined;
}

/** The prefix-cache flags as emulator options (unset flags keep the version's defaults). */
function prefixCacheOptions(values: Record<string, unknown>): Partial<VllmEmulatorOptions> {
  return {
    enablePrefixCaching: values.enable_prefix_caching as boolean | undefined,
    blockSize: values.block_size as number | undefined,
    numGpuBlocks: (values.num_gpu_blocks_override as number | null | undefined) ?? undefined,
    prefixCachingHashAlgo: values.prefix_caching_hash_algo as PrefixCachingHashAlgo | undefined,
    enablePromptTokensDetails: values.enable_prompt_tokens_details === true,
  };
}

/** Maps parsed `vllm serve` flags and the environment to emulator settings. */
export function resolveServeSettings(parsed: ParsedServeArgs, env: NodeJS.ProcessEnv): EmulateSettings {
  const values = parsed.values;
  const apiKeys = (values.api_key as string[] | undefined) ?? (env.VLLM_API_KEY ? [env.VLLM_API_KEY] : []);
  const runner = values.runner as string | undefined;
  const maxModelLen = values.max_model_len as number | undefined;
  const failure = env.VLLM_EMULATOR_FAILURE as StartupFailure | undefined;
  const host = (values.host as string | undefined) ?? env.VLLM_EMULATOR_DEFAULT_HOST ?? '127.0.0.1';
  const numberEnv = (name: string) =>
    env[name] !== undefined && env[name] !== '' ? Number(env[name]) : undefined;
  const options: VllmEmulatorOptions = {
    model: parsed.model,
    servedModelName: values.served_model_name as string[] | undefined,
    apiKey: apiKeys,
    version: (env.VLLM_EMULATOR_VERSION as VllmEmulatorVersion | undefined) || undefined,
    maxModelLen: maxModelLen !== undefined && maxModelLen > 0 ? maxModelLen : undefined,
    enableAutoToolChoice: values.enable_auto_tool_choice === true,
    toolCallParser: values.tool_call_parser as string | undefined,
    reasoningParser: (values.reasoning_parser as string | undefined) || undefined,
    runner:
      runner === 'pooling' ? 'pooling' : runner === 'generate' || runner === 'draft' ? 'generate' : undefined,
    enableLora: values.enable_lora as boolean | undefined,
    loraModules: parseLoraModules(values.lora_modules),
    allowRuntimeLoraUpdating: truthy(env.VLLM_ALLOW_RUNTIME_LORA_UPDATING),
    skipModelNameValidation: truthy(env.VLLM_SKIP_MODEL_NAME_VALIDATION),
    maxNumSeqs: values.max_num_seqs as number | undefined,
    seed: values.seed as number | undefined,
    host,
    port: (values.port as number | undefined) ?? 8000,
    maxLogprobs: values.max_logprobs as number | undefined,
    enableForceIncludeUsage: values.enable_force_include_usage === true,
    enableServerLoadTracking: values.enable_server_load_tracking === true,
    limitMmPerPrompt: mediaLimits(values.limit_mm_per_prompt),
    allowedMediaDomains: (values.allowed_media_domains as unknown[] | null | undefined)?.filter(
      (domain): domain is string => typeof domain === 'string' && domain !== '',
    ),
    timeToFirstTokenMs: numberEnv('VLLM_EMULATOR_TTFT_MS'),
    tokensPerSecond: numberEnv('VLLM_EMULATOR_TOKENS_PER_SECOND'),
    prefillTokensPerSecond: numberEnv('VLLM_EMULATOR_PREFILL_TOKENS_PER_SECOND'),
    ...prefixCacheOptions(values),
  };
  return {
    options,
    nonDefaultArgs: nonDefaultArgs(parsed),
    startupDelayMs: numberEnv('VLLM_EMULATOR_STARTUP_DELAY_MS') ?? 0,
    failure: failure && (STARTUP_FAILURES as readonly string[]).includes(failure) ? failure : undefined,
    fatal: fatalError(values),
    displayHost: values.host === undefined ? '0.0.0.0' : host,
  };
}
