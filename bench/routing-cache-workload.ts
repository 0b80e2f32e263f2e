// The multi-turn workload of `npm run bench:routing` (issue 19) and of its short version in `npm test`:
// conversations over shared system prompts with tool lists, run through the provider's router
// against emulator replicas that model vLLM's prefix cache. Measures the replicas' own prefix-cache
// hit rate (/metrics), time to first token at the client, and load imbalance.
import { streamText } from 'ai';
import { createVllm, type VllmProviderSettings } from '../src';
import { systemPrompts, userMessage } from './routing-cache-prompts';

export const MODEL = 'Qwen/Qwen3-0.6B';

/** The strategies compared; `session-no-keys` is session routing when the app sets no key. */
export type CacheStrategy =
  | 'round-robin'
  | 'least-busy'
  | 'session'
  | 'session-no-keys'
  | 'prefix-aware'
  | 'single-replica';

export interface CacheWorkload {
  conversations: number;
  turns: number;
  /** Conversations in progress at once (each runs its turns one after another). */
  concurrency: number;
  /** Words per user message. */
  userWords: number;
  /** Tokens per reply (`max_tokens` with `ignore_eos`). */
  replyTokens: number;
  /**
   * Longest pause before each turn (uniform in 0…thinkMs, the same for every strategy): users read
   * and type. Without it a closed loop hands least-busy an accidental affinity (the replica that just
   * finished a conversation's turn is the least busy when its next turn arrives).
   */
  thinkMs: number;
}

/** Emulator settings of one replica (all replicas alike). */
export interface ReplicaSettings {
  numGpuBlocks: number;
  maxModelLen: number;
  prefillTokensPerSecond: number;
  tokensPerSecond: number;
  timeToFirstTokenMs: number;
}

/** What one strategy achieved. */
export interface CacheStrategyResult {
  strategy: CacheStrategy;
  /** Σ `vllm:prefix_cache_hits` ÷ Σ `vllm:prefix_cache_queries` over the replicas. */
  hitRate: number;
  /** Time to first token at the client (first text delta), ms. */
  meanTtftMs: number;
  p99TtftMs: number;
  /** Requests per replica (its own `vllm:request_success` counters). */
  requestsPerReplica: number[];
  /** max ÷ mean of `requestsPerReplica`. */
  imbalance: number;
  wallMs: number;
  errors: number;
}

/** A deterministic pause in 0…maxMs for a conversation's turn. */
function thinkTime(conversation: number, turn: number, maxMs: number): number {
  let hash = Math.imul(conversation + 1, 0x9e3779b1) ^ Math.imul(turn + 1, 0x85ebca6b);
  hash ^= hash >>> 15;
  hash = Math.imul(hash, 0x2c1b3c6d);
  hash ^= hash >>> 12;
  return ((hash >>> 0) / 4294967296) * maxMs;
}

function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

async function readMetric(serverURL: string, name: string): Promise<number> {
  const text = await (await fetch(`${serverURL}/metrics`)).text();
  let total = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name}{`) || line.startsWith(`${name} `))
      total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

/** Routing settings of a strategy. */
function strategySettings(strategy: CacheStrategy): Partial<VllmProviderSettings> {
  switch (strategy) {
    case 'session':
    case 'session-no-keys':
      return { loadBalancing: 'session' };
    case 'single-replica':
      return {};
    default:
      return { loadBalancing: strategy };
  }
}

/**
 * Runs the workload through a provider routing over `baseURLs` (fresh replicas: their counters
 * start at zero) and reads the replicas' metrics afterwards.
 */
export async function runCacheWorkload(
  strategy: CacheStrategy,
  baseURLs: readonly string[],
  workload: CacheWorkload,
  settings: Partial<VllmProviderSettings> = {},
): Promise<CacheStrategyResult> {
  const vllm = createVllm({
    endpoints: [...baseURLs],
    healthCheck: false,
    maxQueuedRequests: 10_000,
    ...strategySettings(strategy),
    ...settings,
  });
  const prompts = systemPrompts();
  const ttfts: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < workload.conversations) {
      const conversation = next++;
      const { instructions, tools } = prompts[conversation % prompts.length];
      const messages: Array<{ role: 'user' | 'assistant'; content: string }> = [];
      for (let turn = 0; turn < workload.turns; turn++) {
        await new Promise((resolve) => setTimeout(resolve, thinkTime(conversation, turn, workload.thinkMs)));
        messages.push({ role: 'user', content: userMessage(conversation, turn, workload.userWords) });
        const requestStarted = performance.now();
        let first: number | undefined;
        let text = '';
        try {
          const result = streamText({
            model: vllm(MODEL),
            instructions,
            tools,
            toolChoice: 'none',
            messages,
            maxOutputTokens: workload.replyTokens,
            maxRetries: 0,
            providerOptions: {
              vllm: {
                ignoreEos: true,
                ...(strategy === 'session' && { sessionKey: `conversation-${conversation}` }),
              },
            },
          });
          for await (const part of result.fullStream) {
            if (part.type === 'text-delta') {
              first ??= performance.now() - requestStarted;
              text += part.text;
            } else if (part.type === 'error') throw part.error;
          }
        } catch {
          errors++;
        }
        if (first !== undefined) ttfts.push(first);
        messages.push({ role: 'assistant', content: text });
      }
    }
  };
  await Promise.all(Array.from({ length: workload.concurrency }, worker));
  const wallMs = performance.now() - started;
  await vllm.close();
  const serverURLs = baseURLs.map((url) => url.replace(/\/v1$/, ''));
  const hits = await Promise.all(serverURLs.map((url) => readMetric(url, 'vllm:prefix_cache_hits_total')));
  const queries = await Promise.all(
    serverURLs.map((url) => readMetric(url, 'vllm:prefix_cache_queries_total')),
  );
  const requestsPerReplica = await Promise.all(
    serverURLs.map((url) => readMetric(url, 'vllm:request_success_total')),
  );
  const sorted = [...ttfts].sort((a, b) => a - b);
  const total = (values: number[]) => values.reduce((sum, value) => sum + value, 0);
  const mean = total(requestsPerReplica) / requestsPerReplica.length;
  return {
    strategy,
    hitRate: total(hits) / total(queries),
    meanTtftMs: total(sorted) / sorted.length,
    p99TtftMs: percentile(sorted, 0.99),
    requestsPerReplica,
    imbalance: Math.max(...requestsPerReplica) / mean,
    wallMs,
    errors,
  };
}
