import { VLLM_DEFAULT_PORT } from './resolved-vllm-server-options';
import type { ServerInstanceState } from './runtime';

// `docker inspect` / `podman inspect` JSON → ServerInstanceState, and command lines for display.

/** Quotes an argument for display only (nothing is ever run through a shell). */
export function formatCommand(executable: string, args: readonly string[]): string {
  return [executable, ...args]
    .map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`))
    .join(' ');
}

export interface InspectJson {
  Id: string;
  Name?: string;
  Created?: string;
  State?: { Status?: string; Running?: boolean; ExitCode?: number; OOMKilled?: boolean; StartedAt?: string };
  Config?: { Labels?: Record<string, string> | null; Image?: string };
  NetworkSettings?: { Ports?: Record<string, Array<{ HostIp?: string; HostPort?: string }> | null> | null };
  HostConfig?: { PortBindings?: Record<string, Array<{ HostIp?: string; HostPort?: string }> | null> | null };
}

export function toState(json: InspectJson): ServerInstanceState {
  const key = `${VLLM_DEFAULT_PORT}/tcp`;
  const binding = json.NetworkSettings?.Ports?.[key]?.[0] ?? json.HostConfig?.PortBindings?.[key]?.[0];
  const hostPort = binding?.HostPort ? Number(binding.HostPort) : undefined;
  const status = (json.State?.Status ?? 'unknown') as ServerInstanceState['status'];
  const running = json.State?.Running === true;
  return {
    id: json.Id,
    name: json.Name?.replace(/^\//, ''),
    status: ['created', 'running', 'restarting', 'paused', 'exited', 'dead', 'removing'].includes(status)
      ? status
      : 'unknown',
    running,
    exitCode: running ? undefined : json.State?.ExitCode,
    oomKilled: json.State?.OOMKilled === true,
    labels: json.Config?.Labels ?? {},
    hostIp: binding?.HostIp || undefined,
    hostPort: hostPort && hostPort > 0 ? hostPort : undefined,
    image: json.Config?.Image,
    createdAt: json.Created,
    startedAt: json.State?.StartedAt,
  };
}
