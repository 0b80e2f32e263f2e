import type { StartupFailure } from '../serve-args/serve-settings';
import type { ProcessLogger } from './log-format';

const TRACEBACK_HEAD = [
  'Traceback (most recent call last):',
  '  File "/usr/local/bin/vllm", line 10, in <module>',
  '    sys.exit(main())',
  '             ^^^^^^',
];

/** Prints an API-server-side fatal error as a Python traceback tail on stderr. */
export function printApiServerError(api: ProcessLogger, exceptionText: string): void {
  for (const line of [...TRACEBACK_HEAD, ...exceptionText.split('\n')]) api.stderr(line);
}

/** The exception text of an API-server-side startup failure (before the engine starts). */
export function apiServerFailureText(failure: StartupFailure, model: string): string | undefined {
  switch (failure) {
    case 'gated-repo':
      return [
        'OSError: You are trying to access a gated repo.',
        `Make sure to have access to it at https://huggingface.co/${model}.`,
        '401 Client Error. (Request ID: Root=1-6740a1b2-5c3d2e1f0a9b8c7d6e5f4a3b;emulated)',
        '',
        `Cannot access gated repo for url https://huggingface.co/${model}/resolve/main/config.json.`,
        `Access to model ${model} is restricted. You must have access to it and be authenticated to access it. Please log in.`,
      ].join('\n');
    case 'model-not-found':
      return [
        `OSError: ${model} is not a local folder and is not a valid model identifier listed on 'https://huggingface.co/models'`,
        'If this is a private repository, make sure to pass a token having permission to this repo either by logging in with `hf auth login` or by passing `token=<your_token>`',
      ].join('\n');
    case 'no-gpu':
      return 'RuntimeError: Failed to infer device type, please set the environment variable `VLLM_LOGGING_LEVEL=DEBUG` to turn on verbose logging to help debug the issue.';
    default:
      return undefined;
  }
}

/** Prints an engine-core startup failure (CUDA OOM, KV cache) and the API server's wrapper error. */
export function printEngineFailure(
  failure: StartupFailure,
  engine: ProcessLogger,
  api: ProcessLogger,
  engineName: string,
  /** The root exception line, when it is not the failure's stock one (e.g. a KV pool too small). */
  rootError?: string,
): void {
  const oom =
    'CUDA out of memory. Tried to allocate 896.00 MiB. GPU 0 has a total capacity of 23.53 GiB of which 412.81 MiB is free. Of the allocated memory 22.61 GiB is allocated by PyTorch, and 98.19 MiB is reserved by PyTorch but unallocated.';
  if (failure === 'cuda-oom') {
    engine.log(
      'ERROR',
      'gpu_model_runner.py:5504',
      `Failed to load model - not enough GPU memory. Try lowering --gpu-memory-utilization to free memory for weights, increasing --tensor-parallel-size, or using --quantization. See https://docs.vllm.ai/en/latest/configuration/conserving_memory/ for more tips. (original error: ${oom})`,
    );
  }
  const root =
    rootError ??
    (failure === 'cuda-oom'
      ? `torch.OutOfMemoryError: ${oom}`
      : 'ValueError: No available memory for the cache blocks. Try increasing `gpu_memory_utilization` when initializing the engine (this flag also controls CPU memory reservation on the CPU backend, despite its name). See https://docs.vllm.ai/en/latest/configuration/conserving_memory/ for more details.');
  engine.log(
    'ERROR',
    'core.py:1346',
    `EngineCore failed to start.\nTraceback (most recent call last):\n${root}`,
  );
  printApiServerError(
    api,
    `RuntimeError: Engine core initialization failed. See root cause above. Failed core proc(s): {'${engineName}': 1}`,
  );
}
