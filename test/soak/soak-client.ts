// The soak's client process: one app using two routed providers (a chat fleet and an embedding
// fleet) under a mixed load. It reports progress and, at the end, every call, attempt and routing
// event as JSON lines on stdout, then is left to exit by itself (the parent watches that).
import { embed, generateText, streamText } from 'ai';
import { createVllm, generateBatch, type VllmRoutingEvent } from '../../src';
import { classifyCall, errorInfo, routingErrorOf, summarizeError } from './soak-classify';
import { BATCH_SIZE, type CallKind, CHAT_MODEL, EMBEDDING_MODEL, type SoakConfig } from './soak-config';
import { pickKinds } from './soak-mix';
import type {
  AttemptRecord,
  CallRecord,
  ClientMessage,
  ErrorInfo,
  HandleSnapshot,
  RoutingEventRecord,
  StateSample,
} from './soak-types';

const { config, chatURLs, embeddingURLs } = JSON.parse(process.argv[2]) as {
  config: SoakConfig;
  chatURLs: string[];
  embeddingURLs: string[];
};

const send = (message: ClientMessage) => process.stdout.write(`${JSON.stringify(message)}\n`);
const CALL_HEADER = 'x-soak-call';

// The transport under the router: records every attempt of every call (by the call-id header).
const attempts: AttemptRecord[] = [];
const transport = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
  const id = new Headers(init?.headers).get(CALL_HEADER);
  if (id === null) return fetch(input, init);
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const attempt: AttemptRecord = {
    call: Number(id),
    endpoint: new URL(url).origin,
    start: Date.now(),
    bytes: 0,
  };
  attempts.push(attempt);
  try {
    const response = await fetch(input, init);
    attempt.end = Date.now();
    attempt.status = response.status;
    const streamed = response.ok && String(init?.body).includes('"stream":true');
    if (response.body === null || !streamed) return response;
    // Count streamed bytes: a stream that fails after its first byte cannot be failed over.
    const counter = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        attempt.bytes += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    return new Response(response.body.pipeThrough(counter), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  } catch (error) {
    attempt.end = Date.now();
    attempt.error = summarizeError(error);
    throw error;
  }
};

const events: RoutingEventRecord[] = [];
const onEvent = (event: VllmRoutingEvent) =>
  events.push({
    type: event.type,
    endpoint: event.endpoint,
    timestamp: event.timestamp,
    ...('retryAt' in event && { retryAt: event.retryAt }),
  });
const { client } = config;
const routing = {
  headersTimeoutMs: client.headersTimeoutMs,
  timeoutMs: client.timeoutMs,
  healthCheck: { intervalMs: client.healthCheckIntervalMs, timeoutMs: client.healthCheckIntervalMs },
  circuitBreaker: { failureThreshold: client.failureThreshold, resetTimeoutMs: client.resetTimeoutMs },
  onEvent,
  fetch: transport,
};
const chat = createVllm({
  ...routing,
  endpoints: chatURLs,
  maxConcurrentRequests: client.maxConcurrentRequests,
  maxQueuedRequests: client.maxQueuedRequests,
});
const embedder = createVllm({
  ...routing,
  endpoints: embeddingURLs,
  maxConcurrentRequests: Math.ceil(client.maxConcurrentRequests / 3),
  maxQueuedRequests: client.maxQueuedRequests * 2,
});
const chatModel = chat(CHAT_MODEL);
const embeddingModel = embedder.embeddingModel(EMBEDDING_MODEL);

function handles(): HandleSnapshot {
  (globalThis as { gc?: () => void }).gc?.();
  const counts: Record<string, number> = {};
  for (const name of process.getActiveResourcesInfo()) counts[name] = (counts[name] ?? 0) + 1;
  return { at: Date.now(), rssMB: process.memoryUsage().rss / 2 ** 20, resources: counts };
}

/** One call of `kind`; throws what the user would see. */
async function call(
  kind: CallKind,
  id: number,
  abortAfterMs: number,
): Promise<{ items?: CallRecord['items'] }> {
  const headers = { [CALL_HEADER]: String(id) };
  const prompt = `Soak call ${id}: tell me something.`;
  const maxOutputTokens = config.maxOutputTokens;
  const abortSignal = kind.startsWith('abort') ? AbortSignal.timeout(abortAfterMs) : undefined;
  switch (kind) {
    case 'generate':
    case 'abort-generate':
      await generateText({ model: chatModel, prompt, maxOutputTokens, headers, abortSignal });
      return {};
    case 'stream':
    case 'abort-stream': {
      let failure: unknown;
      const result = streamText({
        model: chatModel,
        prompt,
        maxOutputTokens,
        headers,
        abortSignal,
        onError: ({ error }) => {
          failure ??= error;
        },
      });
      try {
        for await (const part of result.fullStream) if (part.type === 'error') failure ??= part.error;
      } catch (error) {
        failure ??= error;
      }
      if (failure !== undefined) throw failure;
      return {};
    }
    case 'embed':
      await embed({ model: embeddingModel, value: prompt, headers });
      return {};
    case 'batch': {
      const prompts = Array.from({ length: BATCH_SIZE }, (_, index) => `${prompt} (item ${index})`);
      const batch = await generateBatch({
        model: chatModel,
        prompts,
        concurrency: BATCH_SIZE,
        maxOutputTokens,
        headers,
      });
      const failed = batch.results.filter((result) => !result.ok);
      const rejected = failed.filter((result) => routingErrorOf(result.error)?.reason === 'queue-full');
      const lost = failed.filter((result) => routingErrorOf(result.error)?.reason !== 'queue-full');
      const items = { total: BATCH_SIZE, rejected: rejected.length, lost: lost.length };
      if (lost.length > 0) throw Object.assign(lost[0].error as object, { items });
      if (rejected.length > 0) throw Object.assign(rejected[0].error as object, { items });
      return { items };
    }
  }
}

const kinds = pickKinds(config);
const finished: Array<Omit<CallRecord, 'outcome' | 'attempts'>> = [];
let started = 0;
let completed = 0;
const samples: StateSample[] = [];

const memory: Array<{ completed: number; heapMB: number; rssMB: number }> = [];
function memoryCheckpoint(): void {
  (globalThis as { gc?: () => void }).gc?.();
  const usage = process.memoryUsage();
  memory.push({ completed, heapMB: usage.heapUsed / 2 ** 20, rssMB: usage.rss / 2 ** 20 });
}

// The idle baseline, once start-up work (module loading) has settled.
await new Promise((resolve) => setTimeout(resolve, 500));
const startHandles = handles();
memoryCheckpoint();
const sampler = setInterval(() => {
  const chatStats = chat.stats();
  const embeddingStats = embedder.stats();
  samples.push({
    at: Date.now(),
    inFlight: chatStats.inFlight + embeddingStats.inFlight,
    queued: chatStats.queued + embeddingStats.queued,
    rssMB: process.memoryUsage().rss / 2 ** 20,
    endpoints: [...chatStats.endpoints, ...embeddingStats.endpoints].map((endpoint) => ({
      endpoint: endpoint.endpoint,
      circuit: endpoint.circuit,
      healthy: endpoint.healthy,
      retryAfter: endpoint.retryAfterMs !== undefined,
    })),
  });
  send({ type: 'progress', started, completed, at: Date.now() });
}, config.sampleMs);

async function worker(): Promise<void> {
  while (started < kinds.length) {
    const id = started++;
    const { kind, abortAfterMs } = kinds[id];
    const start = Date.now();
    let error: ErrorInfo | undefined;
    let items: CallRecord['items'];
    try {
      items = (await call(kind, id, abortAfterMs)).items;
    } catch (caught) {
      error = errorInfo(caught);
      items = (caught as { items?: CallRecord['items'] }).items;
    }
    completed++;
    finished.push({ id, kind, start, end: Date.now(), error, items });
    if (completed % Math.ceil(config.calls / 10) === 0) memoryCheckpoint();
    // A caller refused by the bounded queue backs off a little, as a real client would.
    if (error?.routing?.reason === 'queue-full' || (items?.rejected ?? 0) > 0) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

await Promise.all(Array.from({ length: config.concurrency }, worker));
clearInterval(sampler);
send({ type: 'progress', started, completed, at: Date.now() });

// Attempts per call, for failover figures (grouped once, after the run).
const byCall = new Map<number, AttemptRecord[]>();
for (const attempt of attempts) {
  const list = byCall.get(attempt.call) ?? [];
  list.push(attempt);
  byCall.set(attempt.call, list);
}
const records = finished.map((record) => classifyCall({ ...record, attempts: byCall.get(record.id) ?? [] }));

const beforeClose = handles();
const finalStats = { chat: chat.stats(), embedding: embedder.stats() };
await Promise.all([chat.close(), embedder.close()]);
// Idle keep-alive sockets close on the server's keep-alive timeout (5 s); give them that.
await new Promise((resolve) => setTimeout(resolve, 6_000));
const endHandles = handles();
send({
  type: 'report',
  records,
  events,
  samples,
  handles: { start: startHandles, beforeClose, end: endHandles },
  memory,
  finalStats,
  reportedAt: Date.now(),
});
