'use client';

import { useEffect, useRef, useState } from 'react';

interface Metrics {
  takenAt: number;
  requestsRunning?: number;
  requestsWaiting?: number;
  kvCacheUsage?: number;
  prefixCacheHitRate?: number;
  promptTokens?: number;
  generationTokens?: number;
  requestsFinished?: number;
  timeToFirstTokenP50?: number;
  timeToFirstTokenP90?: number;
  metricNames: string;
}

interface ServerState {
  health: { status: string; message?: string };
  metrics?: Metrics;
}

function Card({ label, value, fraction }: { label: string; value: string; fraction?: number }) {
  return (
    <div className="card" data-testid={`metric-${label}`}>
      <div className="value">{value}</div>
      <div className="label">{label}</div>
      {fraction !== undefined && (
        <div className="bar">
          <div style={{ width: `${Math.min(100, fraction * 100)}%` }} />
        </div>
      )}
    </div>
  );
}

const show = (value: number | undefined, digits = 0) => (value === undefined ? '—' : value.toFixed(digits));

/** Polls /api/server every second: running/waiting requests, KV-cache usage, token throughput. */
export function LiveMetrics() {
  const [state, setState] = useState<ServerState>();
  const [tokensPerSecond, setTokensPerSecond] = useState<number>();
  const previous = useRef<Metrics | undefined>(undefined);

  useEffect(() => {
    let active = true;
    async function poll() {
      try {
        const next = (await (await fetch('/api/server', { cache: 'no-store' })).json()) as ServerState;
        if (!active) return;
        const before = previous.current;
        const after = next.metrics;
        if (before && after && before.generationTokens !== undefined && after.generationTokens !== undefined) {
          const seconds = (after.takenAt - before.takenAt) / 1000;
          setTokensPerSecond(seconds > 0 ? (after.generationTokens - before.generationTokens) / seconds : undefined);
        }
        previous.current = after;
        setState(next);
      } catch {
        if (active) setState({ health: { status: 'unreachable', message: 'the playground server did not answer' } });
      }
    }
    poll();
    const timer = setInterval(poll, 1000);
    return () => {
      active = false;
      clearInterval(timer);
    };
  }, []);

  const metrics = state?.metrics;
  return (
    <div>
      <p className="status">
        health: {state?.health.status ?? '…'} {state?.health.message}{' '}
        <button type="button" onClick={() => fetch('/api/server', { method: 'POST' })}>
          Send load (8 requests)
        </button>
      </p>
      <div className="grid">
        <Card label="running" value={show(metrics?.requestsRunning)} />
        <Card label="waiting" value={show(metrics?.requestsWaiting)} />
        <Card
          label="KV-cache usage"
          value={metrics?.kvCacheUsage === undefined ? '—' : `${(metrics.kvCacheUsage * 100).toFixed(1)} %`}
          fraction={metrics?.kvCacheUsage}
        />
        <Card label="generation tok/s" value={show(tokensPerSecond, 1)} />
        <Card label="generated tokens" value={show(metrics?.generationTokens)} />
        <Card label="finished requests" value={show(metrics?.requestsFinished)} />
        <Card
          label="TTFT p50 / p90 (ms)"
          value={
            metrics?.timeToFirstTokenP50 === undefined
              ? '—'
              : `${(metrics.timeToFirstTokenP50 * 1000).toFixed(0)} / ${((metrics.timeToFirstTokenP90 ?? 0) * 1000).toFixed(0)}`
          }
        />
        <Card
          label="prefix-cache hit rate"
          value={metrics?.prefixCacheHitRate === undefined ? '—' : `${(metrics.prefixCacheHitRate * 100).toFixed(0)} %`}
        />
      </div>
    </div>
  );
}
