import type { VllmGpuStats, VllmServerStats } from './runtime';

const UNITS: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/** Parses Docker's human sizes (`35.1MiB`, `1.2GB`, `512B`) into bytes. */
export function parseSize(text: string): number | undefined {
  const match = /^\s*([\d.]+)\s*([a-zA-Z]+)?\s*$/.exec(text);
  if (!match) return undefined;
  const unit = UNITS[(match[2] ?? 'b').toLowerCase()];
  return unit === undefined ? undefined : Math.round(Number(match[1]) * unit);
}

/** Parses one line of `docker stats --no-stream --format '{{json .}}'` (Podman prints the same keys). */
export function parseDockerStats(output: string): VllmServerStats {
  const line = output.trim().split('\n')[0];
  if (!line) return {};
  const json = JSON.parse(line) as { CPUPerc?: string; MemUsage?: string };
  const stats: VllmServerStats = {};
  const cpu = Number.parseFloat(json.CPUPerc ?? '');
  if (Number.isFinite(cpu)) stats.cpuPercent = cpu;
  const [used, limit] = (json.MemUsage ?? '').split('/');
  const memoryBytes = used === undefined ? undefined : parseSize(used);
  const memoryLimitBytes = limit === undefined ? undefined : parseSize(limit);
  if (memoryBytes !== undefined) stats.memoryBytes = memoryBytes;
  if (memoryLimitBytes !== undefined) stats.memoryLimitBytes = memoryLimitBytes;
  return stats;
}

/** Parses `nvidia-smi --query-gpu=index,name,memory.used,memory.total,utilization.gpu --format=csv,noheader,nounits`. */
export function parseGpuCsv(output: string): VllmGpuStats[] {
  return output
    .trim()
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [index, name, used, total, utilization] = line.split(',').map((field) => field.trim());
      const percent = Number(utilization);
      return {
        index: Number(index),
        name: name ?? '',
        memoryUsedBytes: Number(used) * 1024 ** 2,
        memoryTotalBytes: Number(total) * 1024 ** 2,
        utilizationPercent: Number.isFinite(percent) ? percent : undefined,
      };
    });
}
