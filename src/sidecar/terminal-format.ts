import type { VllmServerSummary } from './list-vllm-servers';
import type { StartedVllmServer } from './started-vllm-server';
import type { VllmStartupProgress } from './startup-phases';

// Text for the `vllm-ai-provider` CLI (serve/ps/stop/prune). Pure string building, no I/O.

/** `850 ms`, `12.3 s`, `2 min 05 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1_000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

/** `1.2 GiB` */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

function bar(percent: number, width: number): string {
  const filled = Math.round((Math.max(0, Math.min(100, percent)) / 100) * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

/**
 * One progress line: `[5/11] Loading the weights  ██████░░░░ 60%  12.3 s`. The bar shows the
 * phase's own percentage when vLLM prints one, else the step out of all steps.
 */
export function formatProgressLine(progress: VllmStartupProgress, phaseTitle: string, columns = 100): string {
  const percent = progress.percent ?? (progress.step / progress.totalSteps) * 100;
  const detail =
    progress.percent !== undefined
      ? `${progress.percent}%`
      : progress.bytes !== undefined
        ? formatBytes(progress.bytes)
        : '';
  const head = `[${progress.step}/${progress.totalSteps}] ${phaseTitle}`;
  const tail = `${detail ? ` ${detail}` : ''}  ${formatDuration(progress.elapsedMs)}`;
  const line = `${head}  ${bar(percent, 20)}${tail}`;
  return line.length > columns ? `${line.slice(0, Math.max(10, columns - 1))}…` : line;
}

/** What to print once the server is ready: where it is and how to use it. */
export function formatReadyBanner(server: StartedVllmServer, detached: boolean): string {
  const apiKey = server.apiKey ? ', apiKey: process.env.VLLM_API_KEY' : '';
  const lines = [
    `✓ vLLM is ready in ${formatDuration(server.startup.durationMs)}: ${server.modelId}${server.attached ? ' (attached to a running server)' : ''}`,
    `  base URL   ${server.baseURL}`,
    `  server     ${server.containerId.slice(0, 12)} (${server.runtime})`,
    `  tools      ${server.capabilities.toolCallParser ?? 'off'}    reasoning ${server.capabilities.reasoningParser ?? 'off'}    context ${server.capabilities.maxModelLen ?? '?'} tokens`,
    '',
    "  import { createVllm } from 'vllm-ai-provider';",
    "  import { generateText } from 'ai';",
    `  const vllm = createVllm({ baseURL: '${server.baseURL}'${apiKey} });`,
    `  const { text } = await generateText({ model: vllm('${server.modelId}'), prompt: 'Hello!' });`,
    '',
    `  export VLLM_BASE_URL=${server.baseURL}`,
    '',
    detached
      ? `The server keeps running. Stop it with: npx vllm-ai-provider stop ${server.containerId.slice(0, 12)}`
      : 'Press Ctrl-C to stop the server.',
  ];
  return `${lines.join('\n')}\n`;
}

/** The `ps` table. */
export function formatServerTable(servers: readonly VllmServerSummary[]): string {
  const rows = servers.map((server) => [
    server.id.slice(0, 12),
    server.servedModelName ?? server.model ?? '?',
    server.running
      ? 'running'
      : `${server.status}${server.exitCode === undefined ? '' : ` (${server.exitCode})`}`,
    server.baseURL ?? '-',
    server.reuse
      ? 'reused'
      : server.orphan
        ? `orphan (pid ${server.ownerPid} gone)`
        : `pid ${server.ownerPid ?? '?'}`,
    server.name ?? '',
  ]);
  const header = ['ID', 'MODEL', 'STATUS', 'BASE URL', 'OWNER', 'NAME'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column].length)),
  );
  return (
    [header, ...rows]
      .map((row) =>
        row
          .map((cell, column) => cell.padEnd(widths[column]))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}
