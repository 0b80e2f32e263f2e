import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  resolveVllmServerOptions,
  VLLM_DEFAULT_CPU_IMAGE,
  VLLM_DEFAULT_IMAGE,
} from '../../src/sidecar/resolve-vllm-server-options';
import { VllmSidecarError } from '../../src/sidecar/vllm-sidecar-error';

const NO_ENV = {};

function invalid(run: () => unknown): VllmSidecarError {
  try {
    run();
  } catch (error) {
    if (VllmSidecarError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an invalid-options error');
}

describe('resolveVllmServerOptions defaults', () => {
  it('fills in the documented defaults', () => {
    const options = resolveVllmServerOptions({ model: 'org/some-model' }, {}, NO_ENV);
    expect(options).toMatchObject({
      runtime: 'docker',
      executable: 'docker',
      serverModel: 'org/some-model',
      servedModelNames: ['org/some-model'],
      explicitServedModelName: false,
      image: VLLM_DEFAULT_IMAGE,
      pull: 'missing',
      gpus: 'all',
      port: 0,
      host: '127.0.0.1',
      apiKey: undefined,
      hfToken: undefined,
      trustRemoteCode: false,
      enableLora: false,
      ipc: 'host',
      hfCachePath: join(homedir(), '.cache', 'huggingface'),
      vllmCachePath: join(homedir(), '.cache', 'vllm'),
      env: { VLLM_NO_USAGE_STATS: '1' },
      reuse: false,
      cleanupOnExit: true,
      startupTimeoutMs: 1_800_000,
      noProgressTimeoutMs: 600_000,
      healthPollIntervalMs: 250,
      stopTimeoutMs: 10_000,
      preset: undefined,
    });
  });

  it('uses the CPU image when gpus is false', () => {
    expect(resolveVllmServerOptions({ model: 'a/b', gpus: false }, {}, NO_ENV).image).toBe(
      VLLM_DEFAULT_CPU_IMAGE,
    );
  });

  it('applies the model family preset, and explicit options win over it', () => {
    const qwen = resolveVllmServerOptions({ model: 'Qwen/Qwen3-8B' }, {}, NO_ENV);
    expect([qwen.preset?.name, qwen.toolCallParser, qwen.reasoningParser]).toEqual([
      'qwen3',
      'hermes',
      'qwen3',
    ]);
    const noThinking = resolveVllmServerOptions(
      { model: 'Qwen/Qwen3-8B', reasoningParser: false, toolCallParser: 'qwen3_xml' },
      {},
      NO_ENV,
    );
    expect([noThinking.toolCallParser, noThinking.reasoningParser]).toEqual(['qwen3_xml', undefined]);
    expect(resolveVllmServerOptions({ model: 'BAAI/bge-m3' }, {}, NO_ENV).runner).toBe('pooling');
    expect(
      resolveVllmServerOptions({ model: 'Qwen/Qwen3-8B', preset: false }, {}, NO_ENV).toolCallParser,
    ).toBeUndefined();
    expect(
      resolveVllmServerOptions({ model: 'my/finetune', preset: 'llama3' }, {}, NO_ENV).toolCallParser,
    ).toBe('llama3_json');
  });
});

describe('resolveVllmServerOptions precedence: call options > settings > env > defaults', () => {
  const env = {
    VLLM_CONTAINER_IMAGE: 'env/image:1',
    VLLM_CONTAINER_GPU: '0,1',
    VLLM_API_PORT: '9001',
    VLLM_TENSOR_PARALLEL_SIZE: '2',
    VLLM_GPU_MEMORY_UTILIZATION: '0.8',
    VLLM_MAX_MODEL_LEN: '4096',
    VLLM_QUANTIZATION: 'awq',
    VLLM_TRUST_REMOTE_CODE: 'true',
    VLLM_MODELS_PATH: '/srv/models',
    VLLM_API_KEY: 'env-key',
    HF_TOKEN: 'env-token',
    HF_HOME: '/srv/hf',
    VLLM_CACHE_ROOT: '/srv/vllm-cache',
    VLLM_CONTAINER_RUNTIME: 'podman',
  };

  it('reads every environment fallback', () => {
    const options = resolveVllmServerOptions({ model: 'a/b' }, {}, env);
    expect(options).toMatchObject({
      image: 'env/image:1',
      gpus: ['0', '1'],
      port: 9001,
      tensorParallelSize: 2,
      gpuMemoryUtilization: 0.8,
      maxModelLen: 4096,
      quantization: 'awq',
      trustRemoteCode: true,
      modelsPath: '/srv/models',
      apiKey: 'env-key',
      hfToken: 'env-token',
      hfCachePath: '/srv/hf',
      vllmCachePath: '/srv/vllm-cache',
      runtime: 'podman',
      executable: 'podman',
    });
  });

  it('prefers settings over env and call options over settings', () => {
    const settings = { image: 'settings/image:2', port: 9002, apiKey: 'settings-key', maxModelLen: 2048 };
    const fromSettings = resolveVllmServerOptions({ model: 'a/b' }, settings, env);
    expect([fromSettings.image, fromSettings.port, fromSettings.apiKey, fromSettings.maxModelLen]).toEqual([
      'settings/image:2',
      9002,
      'settings-key',
      2048,
    ]);
    const fromCall = resolveVllmServerOptions(
      { model: 'a/b', image: 'call/image:3', port: 9003, apiKey: 'call-key' },
      settings,
      env,
    );
    expect([fromCall.image, fromCall.port, fromCall.apiKey, fromCall.maxModelLen]).toEqual([
      'call/image:3',
      9003,
      'call-key',
      2048,
    ]);
  });

  it('merges env and labels maps (call over settings)', () => {
    const options = resolveVllmServerOptions(
      { model: 'a/b', env: { A: 'call' }, labels: { team: 'x' } },
      { env: { A: 'settings', B: 'settings' } },
      NO_ENV,
    );
    expect(options.env).toEqual({ VLLM_NO_USAGE_STATS: '1', A: 'call', B: 'settings' });
    expect(options.labels).toEqual({ team: 'x' });
  });

  it('parses VLLM_CONTAINER_GPU forms', () => {
    const gpus = (value: string) =>
      resolveVllmServerOptions({ model: 'a/b' }, {}, { VLLM_CONTAINER_GPU: value }).gpus;
    expect([gpus('all'), gpus('none'), gpus('0'), gpus('2'), gpus('GPU-abc,GPU-def')]).toEqual([
      'all',
      false,
      false,
      2,
      ['GPU-abc', 'GPU-def'],
    ]);
  });

  it('translates a local model under modelsPath to its container path', () => {
    const options = resolveVllmServerOptions(
      { model: '/srv/models/qwen', modelsPath: '/srv/models' },
      {},
      NO_ENV,
    );
    expect(options.serverModel).toBe('/models/qwen');
    expect(
      resolveVllmServerOptions({ model: '/srv/models/qwen', runtime: 'process' }, {}, NO_ENV).serverModel,
    ).toBe('/srv/models/qwen');
  });
});

describe('resolveVllmServerOptions validation', () => {
  it.each([
    [{}, 'model', /required/],
    [{ model: '--help' }, 'model', /starts with "-"/],
    [{ model: 'a b' }, 'model', /neither a Hugging Face repo id/],
    [{ model: 'a/b', servedModelName: '-x' }, 'servedModelName', /starts with "-"/],
    [{ model: 'a/b', port: 70000 }, 'port', /0 to 65535/],
    [{ model: 'a/b', gpuMemoryUtilization: 1.5 }, 'gpuMemoryUtilization', /at most 1/],
    [{ model: 'a/b', tensorParallelSize: 0 }, 'tensorParallelSize', /from 1/],
    [{ model: 'a/b', dtype: 'fp4' }, 'dtype', /one of/],
    [{ model: 'a/b', toolCallParser: 'bad parser' }, 'toolCallParser', /not a valid name/],
    [{ model: 'a/b', preset: 'nope' }, 'preset', /unknown preset/],
    [{ model: 'a/b', vllmArgs: ['--api-key', 'sk'] }, 'vllmArgs[0]', /apiKey option/],
    [{ model: 'a/b', vllmArgs: ['--api_key=sk'] }, 'vllmArgs[0]', /apiKey option/],
    [{ model: 'a/b', vllmArgs: ['--hf-tok', 'x'] }, 'vllmArgs[0]', /hfToken option/],
    [{ model: 'a/b', vllmArgs: ['--port', '1'] }, 'vllmArgs[0]', /port option/],
    [{ model: 'a/b', dockerArgs: ['-p', '8000:8000'] }, 'dockerArgs[0]', /port and host/],
    [{ model: 'a/b', dockerArgs: ['-e', 'TOKEN=abc'] }, 'dockerArgs[0]', /env option/],
    [{ model: 'a/b', dockerArgs: ['--env=TOKEN=abc'] }, 'dockerArgs[0]', /env option/],
    [{ model: 'a/b', dockerArgs: ['image-name'] }, 'dockerArgs[0]', /not a flag/],
    [{ model: 'a/b', env: { HF_TOKEN: 'x' } }, 'env.HF_TOKEN', /hfToken option/],
    [{ model: 'a/b', env: { 'BAD-NAME': 'x' } }, 'env.BAD-NAME', /not a valid environment variable/],
    [
      { model: 'a/b', labels: { 'vllm-ai-provider.owner-pid': '1' } },
      'labels.vllm-ai-provider.owner-pid',
      /reserved/,
    ],
    [{ model: 'a/b', image: '--privileged' }, 'image', /starts with "-"/],
    [{ model: 'a/b', name: 'bad name' }, 'name', /valid container name/],
    [{ model: './local' }, 'model', /not inside modelsPath/],
    [
      { model: 'a/b', vllmArgs: ['--enable-auto-tool-choice'], preset: false },
      'vllmArgs',
      /tool-call parser/,
    ],
  ] as const)('%j → %s', (options, option, message) => {
    const error = invalid(() => resolveVllmServerOptions(options as never, {}, NO_ENV));
    expect(error.reason).toBe('invalid-options');
    expect(error.option).toBe(option);
    expect(error.message).toMatch(message);
  });

  it('names the environment variable when an env value is bad', () => {
    expect(
      invalid(() => resolveVllmServerOptions({ model: 'a/b' }, {}, { VLLM_API_PORT: 'abc' })).option,
    ).toBe('VLLM_API_PORT');
    expect(
      invalid(() => resolveVllmServerOptions({ model: 'a/b' }, {}, { VLLM_TRUST_REMOTE_CODE: 'maybe' }))
        .option,
    ).toBe('VLLM_TRUST_REMOTE_CODE');
    expect(
      invalid(() => resolveVllmServerOptions({ model: 'a/b' }, {}, { VLLM_CONTAINER_RUNTIME: 'lxc' })).option,
    ).toBe('VLLM_CONTAINER_RUNTIME');
  });

  it('never puts a secret in an error message', () => {
    const error = invalid(() =>
      resolveVllmServerOptions({ model: 'a/b', vllmArgs: ['--api-key=sk-secret-123'] }, {}, NO_ENV),
    );
    expect(error.message).not.toContain('sk-secret-123');
  });
});
