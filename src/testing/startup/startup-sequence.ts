import {
  DEFAULT_BLOCK_SIZE,
  EMULATED_KV_CACHE_TOKENS,
  kvCachePoolError,
} from '../engine/prefix-cache/prefix-cache-options';
import { isMultimodal, modelFamily } from '../models/model-family';
import type { ParsedServeArgs } from '../serve-args/parse-serve-args';
import type { EmulateSettings } from '../serve-args/serve-settings';
import type { VersionProfile } from '../version-profiles';
import { apiServerFailureText, printApiServerError, printEngineFailure } from './failures';
import { type LogSink, logoLines, ProcessLogger } from './log-format';

export interface StartupInput {
  parsed: ParsedServeArgs;
  settings: EmulateSettings;
  profile: VersionProfile;
  sink: LogSink;
  pid: number;
  /** Resolves after `ms` (rejects/ends early when startup is cancelled). */
  sleep(ms: number): Promise<void>;
}

/** The process loggers of one emulated `vllm serve`. */
export function loggers(input: StartupInput): { api: ProcessLogger; engine: ProcessLogger } {
  return {
    api: new ProcessLogger(input.sink, `(APIServer pid=${input.pid}) `),
    engine: new ProcessLogger(input.sink, `(${input.profile.engineCoreName} pid=${input.pid + 230}) `),
  };
}

const fixed = (value: number) => value.toFixed(2);

/**
 * Prints vLLM's startup log phase by phase (STARTUP-LOGS.md §2), spreading `startupDelayMs` over
 * the phases, and emulates the configured failure. Returns an exit code on failure, else undefined.
 */
export async function runStartupPhases(input: StartupInput): Promise<number | undefined> {
  const { parsed, settings, profile, sink } = input;
  const { api, engine } = loggers(input);
  const model = parsed.model;
  const options = settings.options;
  const delay = (share: number) => input.sleep(settings.startupDelayMs * share);
  for (const warning of parsed.warnings)
    new ProcessLogger(sink, '').log('WARNING', 'argparse_utils.py:257', warning);
  if (profile.name === 'latest')
    for (const line of logoLines(profile.version, model)) api.info('api_utils.py:333', line);
  else api.info('api_server.py:1351', `vLLM API server version ${profile.version}`);
  api.info('api_utils.py:272', `non-default args: ${settings.nonDefaultArgs}`);
  if (settings.fatal) {
    printApiServerError(api, settings.fatal);
    return 1;
  }
  await delay(0.05);
  const early = settings.failure && apiServerFailureText(settings.failure, model);
  if (early) {
    printApiServerError(api, early);
    return 1;
  }
  const pooling = options.runner === 'pooling';
  const family = modelFamily(model);
  const multimodal = !pooling && isMultimodal(family);
  const maxModelLen = options.maxModelLen ?? 40_960;
  api.info('model.py:672', `Resolved architecture: ${pooling ? 'Qwen3Model' : family.architecture}`);
  api.info('model.py:1965', `Using max model len ${maxModelLen}`);
  api.info('scheduler.py:242', 'Chunked prefill is enabled with max_num_batched_tokens=8192.');
  await delay(0.05);
  engine.info(
    'core.py:122',
    `Initializing a V1 LLM engine (v${profile.version}) with config: model='${model}', speculative_config=None, tokenizer='${model}', skip_tokenizer_init=False, tokenizer_mode=auto, revision=None, trust_remote_code=False, dtype=torch.bfloat16, max_seq_len=${maxModelLen}, download_dir=None, load_format=auto, tensor_parallel_size=1, pipeline_parallel_size=1, data_parallel_size=1, disable_custom_all_reduce=False, quantization=None, enforce_eager=False, kv_cache_dtype=auto, device_config=cuda, seed=${options.seed ?? 0}, served_model_name=${(options.servedModelName as string[] | undefined)?.[0] ?? model}`,
  );
  engine.info(
    'parallel_state.py:1638',
    'world_size=1 rank=0 local_rank=0 distributed_init_method=tcp://127.0.0.1:45678 backend=nccl',
  );
  engine.info(
    'parallel_state.py:1982',
    'rank 0 in world size 1 is assigned as DP rank 0, PP rank 0, PCP rank 0, TP rank 0, EP rank N/A, EPLB rank N/A',
  );
  // Multimodal and encoder-decoder models stay on the V1 model runner (config/vllm.py picks V2 for
  // dense text generation only).
  if (multimodal) engine.info('gpu_model_runner.py:5419', `Starting to load model ${model}...`);
  else {
    engine.info('gpu_worker.py:396', 'Using V2 Model Runner');
    engine.info('model_runner.py:358', 'Loading model from scratch...');
  }
  engine.info(
    'cuda.py:486',
    "Using FLASH_ATTN attention backend out of potential backends: ['FLASH_ATTN', 'FLASHINFER', 'TRITON_ATTN', 'FLEX_ATTENTION'].",
  );
  if (settings.failure === 'cuda-oom') {
    await delay(0.2);
    printEngineFailure('cuda-oom', engine, api, profile.engineCoreName);
    return 1;
  }
  const load = (settings.startupDelayMs * 0.4) / 1000;
  sink.stderr('Loading safetensors checkpoint shards:   0% Completed | 0/1 [00:00<?, ?it/s]\n');
  await delay(0.4);
  sink.stderr('Loading safetensors checkpoint shards: 100% Completed | 1/1 [00:00<00:00,  2.41it/s]\n');
  engine.info('default_loader.py:430', `Loading weights took ${fixed(load)} seconds`);
  engine.info(
    'model_runner.py:380',
    `Model loading took 1.12 GiB memory and ${(load + 0.5).toFixed(6)} seconds`,
  );
  const compile = (settings.startupDelayMs * 0.3) / 1000;
  engine.info(
    'backends.py:1094',
    "Using cache directory: /root/.cache/vllm/torch_compile_cache/0a1b2c3d4e/rank_0_0/backbone for vLLM's torch.compile",
  );
  await delay(0.3);
  engine.info('backends.py:1155', `Dynamo bytecode transform time: ${fixed(compile * 0.2)} s`);
  engine.info(
    'monitor.py:53',
    `torch.compile ${profile.name === 'latest' ? 'took' : 'takes'} ${fixed(compile)} s in total`,
  );
  if (multimodal) {
    const [modality] = Object.keys(family.media);
    engine.info(
      'gpu_model_runner.py:6590',
      `Encoder cache will be initialized with a budget of 16384 tokens, and profiled with 1 ${modality} items of the maximum feature size.`,
    );
  }
  engine.info('monitor.py:81', 'Initial profiling/warmup run took 0.43 s');
  if (settings.failure === 'kv-cache') {
    engine.info('gpu_worker.py:578', 'Available KV cache memory: -2.77 GiB');
    printEngineFailure('kv-cache', engine, api, profile.engineCoreName);
    return 1;
  }
  engine.info('gpu_worker.py:578', 'Available KV cache memory: 60.02 GiB');
  const blockSize = options.blockSize ?? DEFAULT_BLOCK_SIZE;
  const profiledBlocks = Math.floor(EMULATED_KV_CACHE_TOKENS / blockSize);
  if (options.numGpuBlocks !== undefined) {
    engine.info(
      'kv_cache_utils.py:2183',
      `Overriding num_gpu_blocks=${profiledBlocks} with num_gpu_blocks_override=${options.numGpuBlocks}`,
    );
    const poolError = kvCachePoolError(profile, options.numGpuBlocks, blockSize, maxModelLen);
    if (poolError !== undefined) {
      printEngineFailure('kv-cache', engine, api, profile.engineCoreName, poolError);
      return 1;
    }
  }
  const kvTokens = (options.numGpuBlocks ?? profiledBlocks) * blockSize;
  const concurrency = (kvTokens / maxModelLen).toFixed(2);
  engine.info(
    'kv_cache_utils.py:1875',
    `GPU KV cache size: ${kvTokens.toLocaleString('en-US')} tokens, Maximum concurrency for ${maxModelLen.toLocaleString('en-US')} tokens per request: ${concurrency}x`,
  );
  await delay(0.1);
  sink.stderr('Capturing CUDA graphs (PIECEWISE): 100%|██████████| 51/51 [00:02<00:00, 22.10it/s]\n');
  sink.stderr('Capturing CUDA graphs (FULL): 100%|██████████| 35/35 [00:01<00:00, 30.02it/s]\n');
  engine.info('model_runner.py:906', 'Graph capturing finished in 5 secs, took 0.59 GiB');
  const total = settings.startupDelayMs / 1000;
  if (multimodal) {
    const encoder = compile * 0.25;
    engine.info(
      'core.py:337',
      `init engine (profile, create kv cache, warmup model) took ${fixed(total)} s (compilation: ${fixed(compile + encoder)} s — language_model: ${fixed(compile)} s, encoder: ${fixed(encoder)} s)`,
    );
    api.info('base.py:235', 'Multi-modal warmup completed in 0.412s');
  } else {
    engine.info(
      'core.py:347',
      `init engine (profile, create kv cache, warmup model) took ${fixed(total)} s (compilation: ${fixed(compile)} s)`,
    );
  }
  if (options.enableAutoToolChoice) api.info('parser_manager.py:58', '"auto" tool choice has been enabled.');
  const tasks = pooling ? ['embed', 'score'] : family.tasks;
  api.info('api_server.py:544', `Supported tasks: [${tasks.map((task) => `'${task}'`).join(', ')}]`);
  return undefined;
}

/** The lines vLLM prints once the engine is up, ending with uvicorn's "Application startup complete." */
export function printServingLines(
  input: StartupInput,
  url: string,
  routes: ReadonlyArray<{ path: string; methods: readonly string[] }>,
): void {
  const { api } = loggers(input);
  if (input.profile.name === 'latest') api.info('api_server.py:548', `Starting vLLM server on ${url}`);
  else api.info('api_server.py:1426', `Starting vLLM API server 0 on ${url}`);
  api.info('launcher.py:51', 'Available routes are:');
  for (const route of routes)
    api.info('launcher.py:60', `Route: ${route.path}, Methods: ${route.methods.join(', ')}`);
  api.stderr(`INFO:     Started server process [${input.pid}]`);
  api.stderr('INFO:     Waiting for application startup.');
  api.stderr('INFO:     Application startup complete.');
}
