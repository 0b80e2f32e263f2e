import { describe, expect, it } from 'vitest';
import { classifyStartupFailure } from '../../src/sidecar/classify-startup-failure';

// Signatures from STARTUP-LOGS.md §4 (F1–F13), in the shapes vLLM prints them.
const ENGINE_FAILED = [
  '(EngineCore pid=231) ERROR 08-17 12:00:20 [core.py:1346] EngineCore failed to start.',
  "(APIServer pid=1) RuntimeError: Engine core initialization failed. See root cause above. Failed core proc(s): {'EngineCore': 1}",
];

describe('classifyStartupFailure', () => {
  it.each([
    [
      'F1 unrecognized argument',
      [
        'usage: vllm [-h] [-v]',
        '            {chat,complete,serve,launch,bench,collect-env,run-batch} ...',
        'vllm: error: unrecognized arguments: --temperature 0.8',
      ],
      2,
      'bad-arguments',
    ],
    [
      'F2 bad value',
      ["vllm serve: error: argument --dtype: invalid choice: 'foo' (choose from 'auto', 'bfloat16')"],
      2,
      'bad-arguments',
    ],
    [
      'F3 tool parser',
      ["(APIServer pid=1) KeyError: 'invalid tool call parser: openai (chose from { deepseek_v3,glm45 })'"],
      1,
      'bad-arguments',
    ],
    [
      'F3 missing parser',
      ['(APIServer pid=1) TypeError: Error: --enable-auto-tool-choice requires --tool-call-parser'],
      1,
      'bad-arguments',
    ],
    ['F4 port', ['(APIServer pid=1) OSError: [Errno 98] Address already in use'], 1, 'port-in-use'],
    [
      'F5 gated',
      [
        '(APIServer pid=1) OSError: You are trying to access a gated repo.',
        '(APIServer pid=1) 401 Client Error. (Request ID: Root=1-abc)',
        '(APIServer pid=1) Cannot access gated repo for url https://huggingface.co/meta-llama/Llama-3.2-1B/resolve/main/config.json.',
      ],
      1,
      'hf-auth',
    ],
    [
      'F5 not approved',
      ['403 Client Error. meta-llama/Llama-3.2-1B is restricted and you are not in the authorized list.'],
      1,
      'hf-auth',
    ],
    [
      'F6 not found',
      [
        "(APIServer pid=1) OSError: foo/bar is not a valid model identifier listed on 'https://huggingface.co/models'",
        '401 Client Error. Repository Not Found for url',
      ],
      1,
      'model-not-found',
    ],
    [
      'F7 no GPU',
      [
        '(APIServer pid=1) RuntimeError: Failed to infer device type, please set the environment variable `VLLM_LOGGING_LEVEL=DEBUG`',
      ],
      1,
      'no-gpu-runtime',
    ],
    [
      'F7c tp > gpus',
      ['ValueError: World size (4) is larger than the number of available GPUs (1) in this node.'],
      1,
      'no-gpu-runtime',
    ],
    [
      'F8 CUDA OOM',
      [
        '(EngineCore pid=231) INFO 08-17 12:00:13 [model_runner.py:358] Loading model from scratch...',
        '(EngineCore pid=231) ERROR 08-17 12:00:20 [gpu_model_runner.py:5504] Failed to load model - not enough GPU memory. Try lowering --gpu-memory-utilization (original error: CUDA out of memory. Tried to allocate 896.00 MiB.)',
        '(EngineCore pid=231) torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 896.00 MiB.',
        ...ENGINE_FAILED,
      ],
      1,
      'out-of-memory',
    ],
    [
      'F8b GPU busy',
      [
        'ValueError: Free memory on device cuda:0 (2.1/79.1 GiB) on startup is less than desired GPU memory utilization (0.92, 72.8 GiB).',
        ...ENGINE_FAILED,
      ],
      1,
      'out-of-memory',
    ],
    [
      'F9 no KV memory',
      [
        'Available KV cache memory: -2.77 GiB',
        'ValueError: No available memory for the cache blocks. Try increasing `gpu_memory_utilization`',
        ...ENGINE_FAILED,
      ],
      1,
      'out-of-memory',
    ],
    ['F10 generic engine failure', ENGINE_FAILED, 1, 'engine-failed'],
    [
      'F13 shared memory',
      [
        'NCCL WARN Error: failed to extend /dev/shm/nccl-abc to 9637892 bytes',
        'misc/shmutils.cc:72 NCCL WARN ncclShmOpen failed',
        ...ENGINE_FAILED,
      ],
      1,
      'shared-memory',
    ],
    ['unknown', ['Traceback (most recent call last):', 'SomethingElse: odd'], 1, 'exited'],
  ] as const)('%s → %s', (_name, lines, exitCode, reason) => {
    const failure = classifyStartupFailure({ logLines: lines, exitCode });
    expect(failure.reason).toBe(reason);
    expect(failure.hint.length).toBeGreaterThan(10);
  });

  it('names the root cause line, not the final RuntimeError, and the exit code', () => {
    const failure = classifyStartupFailure({
      logLines: [
        '(EngineCore pid=9) torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB.',
        ...ENGINE_FAILED,
      ],
      exitCode: 1,
    });
    expect(failure.message).toBe(
      'vLLM ran out of GPU memory (exit code 1): torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB.',
    );
  });

  it('turns vLLM’s max-model-len estimate into the hint (F9b)', () => {
    const failure = classifyStartupFailure({
      logLines: [
        "ValueError: To serve at least one request with the model's max seq len (1048576), 22.5 GiB KV cache is needed, which is larger than the available KV cache memory (17.39 GiB). Based on the available memory, the estimated maximum model length is 810208. Try increasing `gpu_memory_utilization`",
      ],
      exitCode: 1,
    });
    expect(failure).toMatchObject({ reason: 'out-of-memory', estimatedMaxModelLen: 810208 });
    expect(failure.hint).toMatch(/^Set maxModelLen to 810208 or less/);
  });

  it('exit code 2 means bad arguments even without the usage text; OOMKilled means host memory', () => {
    expect(classifyStartupFailure({ logLines: [], exitCode: 2 }).reason).toBe('bad-arguments');
    const killed = classifyStartupFailure({ logLines: ['Loading weights'], exitCode: 137, oomKilled: true });
    expect(killed.reason).toBe('out-of-memory');
    expect(killed.message).toContain('exit code 137');
    expect(classifyStartupFailure({ logLines: [], exitCode: 137 }).message).toBe(
      'The server exited while starting (exit code 137: killed)',
    );
  });

  it.each([
    [
      'docker: Error response from daemon: could not select device driver "" with capabilities: [[gpu]].',
      'no-gpu-runtime',
    ],
    ['Error: crun: setting up CDI devices: unresolvable CDI devices nvidia.com/gpu=all', 'no-gpu-runtime'],
    [
      'docker: Error response from daemon: driver failed programming external connectivity on endpoint x: Bind for 127.0.0.1:8000 failed: port is already allocated.',
      'port-in-use',
    ],
    [
      "Unable to find image 'vllm/vllm-openai:v9' locally\ndocker: Error response from daemon: manifest for vllm/vllm-openai:v9 not found: manifest unknown",
      'image-missing',
    ],
    [
      'docker: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
      'runtime-unavailable',
    ],
    [
      'docker: Error response from daemon: Conflict. The container name "/qwen" is already in use by container "abc".',
      'runtime-error',
    ],
    ['docker: something new went wrong', 'runtime-error'],
  ] as const)('daemon error %#: %s', (runtimeError, reason) => {
    const failure = classifyStartupFailure({ logLines: [], runtimeError, exitCode: 125 });
    expect(failure.reason).toBe(reason);
  });
});
