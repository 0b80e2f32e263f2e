import { describe, expect, it } from 'vitest';
import { buildContainerRunArgs, buildGpuArgs, buildPublishArg } from '../../src/sidecar/docker-run-args';
import { buildLaunchSpec } from '../../src/sidecar/prepare-launch';
import { resolveVllmServerOptions } from '../../src/sidecar/resolve-vllm-server-options';
import { buildServerEnvironment, buildVllmServeArgs } from '../../src/sidecar/vllm-serve-args';

const HOME_VOLUMES = { hfCachePath: '/home/u/.cache/huggingface', vllmCachePath: '/home/u/.cache/vllm' };

describe('buildContainerRunArgs', () => {
  it('builds the canonical vLLM docker run: detached, loopback port, GPUs, ipc host, caches, env by name', () => {
    const options = resolveVllmServerOptions(
      {
        model: 'Qwen/Qwen3-0.6B',
        apiKey: 'sk-secret',
        hfToken: 'hf_abcdefghijklmnopqrstuvwxyz',
        maxModelLen: 8192,
        ...HOME_VOLUMES,
      },
      {},
      {},
    );
    const environment = buildServerEnvironment(options);
    const args = buildContainerRunArgs(
      options,
      { 'vllm-ai-provider.managed-by': 'vllm-ai-provider' },
      Object.keys(environment.values),
    );
    expect(args).toEqual([
      'run',
      '--detach',
      '--init',
      '--label',
      'vllm-ai-provider.managed-by=vllm-ai-provider',
      '--publish',
      '127.0.0.1::8000',
      '--gpus',
      'all',
      '--ipc',
      'host',
      '--volume',
      '/home/u/.cache/huggingface:/root/.cache/huggingface',
      '--volume',
      '/home/u/.cache/vllm:/root/.cache/vllm',
      '--env',
      'VLLM_NO_USAGE_STATS',
      '--env',
      'VLLM_API_KEY',
      '--env',
      'HF_TOKEN',
      'vllm/vllm-openai:v0.26.0',
      'Qwen/Qwen3-0.6B',
      '--host',
      '0.0.0.0',
      '--port',
      '8000',
      '--max-model-len',
      '8192',
      '--enable-auto-tool-choice',
      '--tool-call-parser',
      'hermes',
      '--reasoning-parser',
      'qwen3',
    ]);
    expect(args.join(' ')).not.toMatch(/sk-secret|hf_abc/);
    expect(environment).toEqual({
      values: {
        VLLM_NO_USAGE_STATS: '1',
        VLLM_API_KEY: 'sk-secret',
        HF_TOKEN: 'hf_abcdefghijklmnopqrstuvwxyz',
      },
      secretNames: ['VLLM_API_KEY', 'HF_TOKEN'],
    });
  });

  it('maps every engine option to its vllm serve flag, after the model', () => {
    const options = resolveVllmServerOptions(
      {
        model: 'org/model',
        servedModelName: ['chat', 'alias'],
        tensorParallelSize: 2,
        pipelineParallelSize: 2,
        gpuMemoryUtilization: 0.85,
        quantization: 'awq',
        dtype: 'half',
        trustRemoteCode: true,
        loraModules: [
          { name: 'sql', path: 'org/sql-lora' },
          { name: 'x', path: '/loras/x', baseModelName: 'chat' },
        ],
        maxLoras: 4,
        maxLoraRank: 64,
        allowRuntimeLoraUpdating: true,
        toolCallParser: 'llama3_json',
        reasoningParser: 'deepseek_r1',
        chatTemplate: '/templates/t.jinja',
        generationConfig: 'vllm',
        runner: 'generate',
        enforceEager: true,
        vllmArgs: ['--max-num-seqs', '64'],
      },
      {},
      {},
    );
    expect(buildVllmServeArgs(options, { host: '0.0.0.0', port: 8000 })).toEqual([
      'org/model',
      '--served-model-name',
      'chat',
      'alias',
      '--host',
      '0.0.0.0',
      '--port',
      '8000',
      '--tensor-parallel-size',
      '2',
      '--pipeline-parallel-size',
      '2',
      '--gpu-memory-utilization',
      '0.85',
      '--quantization',
      'awq',
      '--dtype',
      'half',
      '--trust-remote-code',
      '--enable-lora',
      '--lora-modules',
      'sql=org/sql-lora',
      '{"name":"x","path":"/loras/x","base_model_name":"chat"}',
      '--max-loras',
      '4',
      '--max-lora-rank',
      '64',
      '--enable-auto-tool-choice',
      '--tool-call-parser',
      'llama3_json',
      '--reasoning-parser',
      'deepseek_r1',
      '--chat-template',
      '/templates/t.jinja',
      '--generation-config',
      'vllm',
      '--runner',
      'generate',
      '--enforce-eager',
      '--max-num-seqs',
      '64',
    ]);
    expect(buildServerEnvironment(options).values.VLLM_ALLOW_RUNTIME_LORA_UPDATING).toBe('True');
  });

  it('handles no GPU, a fixed port, shm instead of ipc host, models mount, name and extra docker args', () => {
    const options = resolveVllmServerOptions(
      {
        model: '/data/models/m',
        modelsPath: '/data/models',
        gpus: false,
        image: 'local/emulator:1',
        port: 9000,
        ipc: 'private',
        shmSize: '16g',
        hfCachePath: false,
        vllmCachePath: false,
        name: 'my-vllm',
        dockerArgs: ['--cpus', '2'],
      },
      {},
      {},
    );
    const args = buildContainerRunArgs(options, {}, []);
    expect(args.slice(0, args.indexOf('local/emulator:1') + 2)).toEqual([
      'run',
      '--detach',
      '--init',
      '--publish',
      '127.0.0.1:9000:8000',
      '--ipc',
      'private',
      '--shm-size',
      '16g',
      '--volume',
      '/data/models:/models:ro',
      '--name',
      'my-vllm',
      '--cpus',
      '2',
      'local/emulator:1',
      '/models/m',
    ]);
  });

  it('GPU flags: Docker --gpus, Podman CDI devices', () => {
    expect(buildGpuArgs('docker', 'all')).toEqual(['--gpus', 'all']);
    expect(buildGpuArgs('docker', 2)).toEqual(['--gpus', '2']);
    expect(buildGpuArgs('docker', ['0', '1'])).toEqual(['--gpus', '"device=0,1"']);
    expect(buildGpuArgs('podman', 'all')).toEqual(['--device', 'nvidia.com/gpu=all']);
    expect(buildGpuArgs('podman', 2)).toEqual([
      '--device',
      'nvidia.com/gpu=0',
      '--device',
      'nvidia.com/gpu=1',
    ]);
    expect(buildGpuArgs('podman', false)).toEqual([]);
  });

  it('publishes on the chosen interface only', () => {
    expect(buildPublishArg('127.0.0.1', 0)).toBe('127.0.0.1::8000');
    expect(buildPublishArg('::1', 8080)).toBe('[::1]:8080:8000');
  });

  it('gives equal configurations equal hashes, and a different secret a different hash', () => {
    const hash = (apiKey: string, port = 0) =>
      buildLaunchSpec(resolveVllmServerOptions({ model: 'a/b', apiKey, port }, {}, {})).labels[
        'vllm-ai-provider.config-hash'
      ];
    expect(hash('k1')).toBe(hash('k1'));
    expect(hash('k1')).not.toBe(hash('k2'));
    expect(hash('k1')).not.toBe(hash('k1', 9000));
    const labels = buildLaunchSpec(
      resolveVllmServerOptions({ model: 'a/b', apiKey: 'k1', reuse: true }, {}, {}),
    ).labels;
    expect(JSON.stringify(labels)).not.toContain('k1');
    expect(labels).toMatchObject({
      'vllm-ai-provider.managed-by': 'vllm-ai-provider',
      'vllm-ai-provider.reuse': 'true',
      'vllm-ai-provider.owner-pid': String(process.pid),
      'vllm-ai-provider.model': 'a/b',
      'vllm-ai-provider.served-model-name': 'a/b',
    });
  });
});
