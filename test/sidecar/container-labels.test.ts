import { describe, expect, it } from 'vitest';
import { isOrphan, VLLM_LABELS } from '../../src/sidecar/container-labels';
import { createRedactor } from '../../src/sidecar/redact';
import { parseDockerStats, parseGpuCsv, parseSize } from '../../src/sidecar/runtime-stats';
import { parseLoadMetrics } from '../../src/sidecar/server-metrics';

const labels = (overrides: Record<string, string>) => ({
  [VLLM_LABELS.managedBy]: 'vllm-ai-provider',
  [VLLM_LABELS.reuse]: 'false',
  [VLLM_LABELS.ownerHost]: 'box',
  [VLLM_LABELS.ownerPid]: '42',
  ...overrides,
});

describe('isOrphan', () => {
  it('is an orphan only when not reused, on this host, and the owner is gone', () => {
    const dead = () => false;
    const alive = () => true;
    expect(isOrphan(labels({}), 'box', dead)).toBe(true);
    expect(isOrphan(labels({}), 'box', alive)).toBe(false);
    expect(isOrphan(labels({ [VLLM_LABELS.reuse]: 'true' }), 'box', dead)).toBe(false);
    expect(isOrphan(labels({}), 'other-host', dead)).toBe(false);
    expect(isOrphan({ ...labels({}), [VLLM_LABELS.managedBy]: 'someone-else' }, 'box', dead)).toBe(false);
  });
});

describe('stats and metrics parsing', () => {
  it('parses docker sizes and stats', () => {
    expect([
      parseSize('512B'),
      parseSize('1.5KiB'),
      parseSize('35.1MiB'),
      parseSize('2GB'),
      parseSize('x'),
    ]).toEqual([512, 1536, Math.round(35.1 * 1024 ** 2), 2e9, undefined]);
    expect(parseDockerStats('{"CPUPerc":"12.50%","MemUsage":"1.5GiB / 23.4GiB","Name":"x"}\n')).toEqual({
      cpuPercent: 12.5,
      memoryBytes: Math.round(1.5 * 1024 ** 3),
      memoryLimitBytes: Math.round(23.4 * 1024 ** 3),
    });
  });

  it('parses nvidia-smi csv', () => {
    expect(
      parseGpuCsv('0, NVIDIA A100-SXM4-80GB, 70123, 81920, 37\n1, NVIDIA A100-SXM4-80GB, 10, 81920, [N/A]\n'),
    ).toEqual([
      {
        index: 0,
        name: 'NVIDIA A100-SXM4-80GB',
        memoryUsedBytes: 70123 * 1024 ** 2,
        memoryTotalBytes: 81920 * 1024 ** 2,
        utilizationPercent: 37,
      },
      {
        index: 1,
        name: 'NVIDIA A100-SXM4-80GB',
        memoryUsedBytes: 10 * 1024 ** 2,
        memoryTotalBytes: 81920 * 1024 ** 2,
        utilizationPercent: undefined,
      },
    ]);
  });

  it('reads the load gauges of both metric generations', () => {
    const text = [
      '# HELP vllm:num_requests_running Number of requests in model execution batches.',
      'vllm:num_requests_running{engine="0",model_name="m"} 3.0',
      'vllm:num_requests_waiting{engine="0",model_name="m"} 1.0',
      'vllm:kv_cache_usage_perc{engine="0",model_name="m"} 0.25',
    ].join('\n');
    expect(parseLoadMetrics(text)).toEqual({ requestsRunning: 3, requestsWaiting: 1, kvCacheUsage: 0.25 });
    expect(parseLoadMetrics('vllm:gpu_cache_usage_perc{model_name="m"} 0.5')).toEqual({ kvCacheUsage: 0.5 });
  });
});

describe('createRedactor', () => {
  it('hides secrets and anything shaped like a Hugging Face token', () => {
    const redact = createRedactor(['sk-123', '']);
    expect(redact('key=sk-123 token=hf_abcdefghijklmnopqrstuvwx end')).toBe('key=*** token=hf_*** end');
  });
});
