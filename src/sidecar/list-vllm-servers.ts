import { hostname } from 'node:os';
import { isOrphan, isProcessAlive, MANAGED_BY_VALUE, VLLM_LABELS } from './container-labels';
import { serverURLOf } from './prepare-launch';
import type { ServerInstanceState, VllmRuntime } from './runtime';
import type { VllmRuntimeKind } from './vllm-server-options';

/** A server the sidecar started, as `listVllmServers()` reports it. */
export interface VllmServerSummary {
  id: string;
  name: string | undefined;
  runtime: VllmRuntimeKind;
  model: string | undefined;
  servedModelName: string | undefined;
  status: ServerInstanceState['status'];
  running: boolean;
  exitCode: number | undefined;
  /** `http://127.0.0.1:<port>/v1` while running. */
  baseURL: string | undefined;
  image: string | undefined;
  /** A reusable server (survives its owner, never reaped). */
  reuse: boolean;
  ownerPid: number | undefined;
  ownerHost: string | undefined;
  /** Whether the owner process is alive; `undefined` when it ran on another host. */
  ownerAlive: boolean | undefined;
  /** Not reused and its owner is gone: the next start (or `prune`) removes it. */
  orphan: boolean;
  createdAt: string | undefined;
  configHash: string | undefined;
}

export function toSummary(kind: VllmRuntimeKind, state: ServerInstanceState): VllmServerSummary {
  const labels = state.labels;
  const ownerPid = labels[VLLM_LABELS.ownerPid] ? Number(labels[VLLM_LABELS.ownerPid]) : undefined;
  const ownerHost = labels[VLLM_LABELS.ownerHost];
  return {
    id: state.id,
    name: state.name,
    runtime: kind,
    model: labels[VLLM_LABELS.model],
    servedModelName: labels[VLLM_LABELS.servedModelName],
    status: state.status,
    running: state.running,
    exitCode: state.exitCode,
    baseURL:
      state.running && state.hostPort
        ? `${serverURLOf(state.hostIp ?? '127.0.0.1', state.hostPort)}/v1`
        : undefined,
    image: state.image,
    reuse: labels[VLLM_LABELS.reuse] === 'true',
    ownerPid,
    ownerHost,
    ownerAlive: ownerHost === hostname() && ownerPid !== undefined ? isProcessAlive(ownerPid) : undefined,
    orphan: isOrphan(labels),
    createdAt: state.createdAt,
    configHash: labels[VLLM_LABELS.configHash],
  };
}

/** Every server the sidecar started on this runtime (running or not). */
export async function listServers(runtime: VllmRuntime): Promise<VllmServerSummary[]> {
  const states = await runtime.list({ [VLLM_LABELS.managedBy]: MANAGED_BY_VALUE });
  return states.map((state) => toSummary(runtime.kind, state));
}

/** Options of `pruneVllmServers()`. */
export interface VllmPruneOptions {
  /** Remove every server the sidecar started, running and reused ones included. @default false */
  all?: boolean;
}

/** Removes orphans and stopped servers (with `all`, every server). Returns what was removed. */
export async function pruneServers(
  runtime: VllmRuntime,
  options: VllmPruneOptions = {},
): Promise<VllmServerSummary[]> {
  const servers = await listServers(runtime);
  const doomed = servers.filter((server) => options.all || server.orphan || !server.running);
  await Promise.all(doomed.map((server) => runtime.remove(server.id)));
  return doomed;
}

/** Finds one server by id (or unique id prefix) or container name. */
export async function findServer(
  runtime: VllmRuntime,
  idOrName: string,
): Promise<VllmServerSummary | undefined> {
  const servers = await listServers(runtime);
  const exact = servers.find((server) => server.id === idOrName || server.name === idOrName);
  if (exact) return exact;
  const matches = servers.filter(
    (server) => server.id.startsWith(idOrName) || server.id.startsWith(`process-${idOrName}`),
  );
  return matches.length === 1 ? matches[0] : undefined;
}

/** Stops and removes one server by id, id prefix or name. Returns it, or undefined if not found. */
export async function stopServer(
  runtime: VllmRuntime,
  idOrName: string,
  options: { timeoutMs?: number } = {},
): Promise<VllmServerSummary | undefined> {
  const server = await findServer(runtime, idOrName);
  if (!server) return undefined;
  await runtime.stop(server.id, options.timeoutMs ?? 10_000);
  await runtime.remove(server.id);
  return server;
}
