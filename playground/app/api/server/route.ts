import { generateText } from 'ai';
import { chatModelId, vllm } from '@/lib/vllm';

export const dynamic = 'force-dynamic';

/** Live server state for the dashboard: health plus the metrics it charts (polled every second). */
export async function GET(): Promise<Response> {
  const health = await vllm.server.health();
  if (health.status !== 'ok') return Response.json({ health });
  const metrics = await vllm.server.metrics();
  return Response.json({
    health,
    metrics: {
      takenAt: metrics.takenAt,
      requestsRunning: metrics.requestsRunning,
      requestsWaiting: metrics.requestsWaiting,
      kvCacheUsage: metrics.kvCacheUsage,
      prefixCacheHitRate: metrics.prefixCache?.hitRate,
      promptTokens: metrics.promptTokens,
      generationTokens: metrics.generationTokens,
      requestsFinished: metrics.requestSuccess?.total,
      timeToFirstTokenP50: metrics.timeToFirstToken?.p50,
      timeToFirstTokenP90: metrics.timeToFirstToken?.p90,
      metricNames: metrics.metricNames,
    },
  });
}

/** "Send load": starts a few generations in the background so the gauges move. */
export async function POST(): Promise<Response> {
  const model = vllm(await chatModelId());
  const count = 8;
  for (let index = 0; index < count; index++) {
    generateText({ model, prompt: `Write a short poem, number ${index + 1}.`, maxOutputTokens: 96 }).catch(
      () => {}, // a dashboard toy: failures show up in the metrics, not here
    );
  }
  return Response.json({ started: count });
}
