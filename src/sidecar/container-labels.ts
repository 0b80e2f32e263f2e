import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { VERSION } from '../version';

/** Label keys stamped on every server the sidecar starts (containers, and process-runtime state files). */
export const VLLM_LABELS = Object.freeze({
  /** Always `vllm-ai-provider`: how `listVllmServers()` and the reaper find our servers. */
  managedBy: 'vllm-ai-provider.managed-by',
  /** Hash of everything that shapes the server (image, flags, environment, secret digests). */
  configHash: 'vllm-ai-provider.config-hash',
  /** PID of the process that started it. */
  ownerPid: 'vllm-ai-provider.owner-pid',
  /** Host name of that process (PIDs mean nothing on another machine). */
  ownerHost: 'vllm-ai-provider.owner-host',
  /** Unique id of the start that created it. */
  startId: 'vllm-ai-provider.start-id',
  /** `true` for reusable servers: never reaped, survive their owner. */
  reuse: 'vllm-ai-provider.reuse',
  model: 'vllm-ai-provider.model',
  servedModelName: 'vllm-ai-provider.served-model-name',
  /** Package version that created it. */
  version: 'vllm-ai-provider.version',
});

export const MANAGED_BY_VALUE = 'vllm-ai-provider';

/** What identifies a server's configuration; secrets enter only as digests. */
export interface ConfigFingerprint {
  runtime: string;
  /** The full, secret-free launch command (argv without labels). */
  command: readonly string[];
  /** Non-secret environment. */
  env: Readonly<Record<string, string>>;
  /** Secret values: hashed, never stored. */
  secrets: readonly string[];
}

/** A stable hash of a configuration: equal configurations share a server when `reuse` is on. */
export function computeConfigHash(fingerprint: ConfigFingerprint): string {
  const secretDigests = fingerprint.secrets.map((secret) =>
    createHash('sha256').update(`vllm-ai-provider:${secret}`).digest('hex'),
  );
  const canonical = JSON.stringify({
    runtime: fingerprint.runtime,
    command: fingerprint.command,
    env: Object.fromEntries(Object.entries(fingerprint.env).sort(([a], [b]) => a.localeCompare(b))),
    secrets: secretDigests,
  });
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}

/** The ownership labels of a new server. */
export function buildServerLabels(input: {
  configHash: string;
  startId: string;
  reuse: boolean;
  model: string;
  servedModelName: string;
  userLabels?: Readonly<Record<string, string>>;
  pid?: number;
  host?: string;
}): Record<string, string> {
  return {
    ...input.userLabels,
    [VLLM_LABELS.managedBy]: MANAGED_BY_VALUE,
    [VLLM_LABELS.configHash]: input.configHash,
    [VLLM_LABELS.ownerPid]: String(input.pid ?? process.pid),
    [VLLM_LABELS.ownerHost]: input.host ?? hostname(),
    [VLLM_LABELS.startId]: input.startId,
    [VLLM_LABELS.reuse]: String(input.reuse),
    [VLLM_LABELS.model]: input.model,
    [VLLM_LABELS.servedModelName]: input.servedModelName,
    [VLLM_LABELS.version]: VERSION,
  };
}

/** Whether a process with this PID exists on this host. */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether a labelled server is an orphan: not reusable, started on this host, and its owner process
 * is gone (killed with SIGKILL, or crashed before it could clean up).
 */
export function isOrphan(
  labels: Readonly<Record<string, string>>,
  host = hostname(),
  alive = isProcessAlive,
): boolean {
  if (labels[VLLM_LABELS.managedBy] !== MANAGED_BY_VALUE) return false;
  if (labels[VLLM_LABELS.reuse] === 'true') return false;
  if (labels[VLLM_LABELS.ownerHost] !== host) return false;
  const pid = Number(labels[VLLM_LABELS.ownerPid]);
  return !alive(pid);
}
