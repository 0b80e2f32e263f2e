import type { PrefixCacheProfile } from '../../profiles/prefix-cache-profile';
import { Counter } from '../prometheus';
import type { PrefixCacheStats } from './kv-cache-manager';

/** The prefix-cache counters of `/metrics`, named as the emulated version names them. */
export interface PrefixCacheMetrics {
  /** In exposition order. */
  readonly counters: readonly Counter[];
  /** Adds lookups (`vllm:prefix_cache_queries` / `_hits`, and the deprecated names where shown). */
  recordLookups(stats: PrefixCacheStats): void;
  /** A finished prefill: `vllm:prompt_tokens_cached` and `vllm:prompt_tokens_by_source` (where the version has them). */
  recordPrompt(promptTokens: number, cachedTokens: number): void;
}

// Help texts as vLLM's `vllm/v1/metrics/loggers.py` writes them (0.10's deprecated names lack a space).
const HELP: Record<string, string> = {
  'vllm:gpu_prefix_cache_queries':
    'GPU prefix cache queries, in terms of number of queriedtokens. DEPRECATED: Use vllm:prefix_cache_queries instead.',
  'vllm:gpu_prefix_cache_hits':
    'GPU prefix cache hits, in terms of number of cached tokens. DEPRECATED: Use vllm:prefix_cache_hits instead.',
  'vllm:prefix_cache_queries': 'Prefix cache queries, in terms of number of queried tokens.',
  'vllm:prefix_cache_hits': 'Prefix cache hits, in terms of number of cached tokens.',
};
const SOURCES = ['local_compute', 'local_cache_hit', 'external_kv_transfer'] as const;

export function createPrefixCacheMetrics(
  profile: PrefixCacheProfile,
  labels: Readonly<Record<string, string>>,
): PrefixCacheMetrics {
  const counter = (name: string, help = HELP[name]) => {
    const metric = new Counter(name, help);
    metric.touch({ ...labels });
    return metric;
  };
  const queries = profile.queryMetrics.map((name) => counter(name));
  const hits = profile.hitMetrics.map((name) => counter(name));
  const counters: Counter[] = [];
  for (const [index, query] of queries.entries()) counters.push(query, hits[index]);
  if (profile.externalMetrics) {
    counters.push(
      counter(
        'vllm:external_prefix_cache_queries',
        'External prefix cache queries from KV connector cross-instance cache sharing, in terms of number of queried tokens.',
      ),
      counter(
        'vllm:external_prefix_cache_hits',
        'External prefix cache hits from KV connector cross-instance cache sharing, in terms of number of cached tokens.',
      ),
    );
  }
  if (profile.multimodalMetrics) {
    counters.push(
      counter('vllm:mm_cache_queries', 'Multi-modal cache queries, in terms of number of queried items.'),
      counter('vllm:mm_cache_hits', 'Multi-modal cache hits, in terms of number of cached items.'),
    );
  }
  let bySource: Counter | undefined;
  let cached: Counter | undefined;
  if (profile.promptTokenSourceMetrics) {
    bySource = new Counter('vllm:prompt_tokens_by_source', 'Number of prompt tokens by source.');
    for (const source of SOURCES) bySource.touch({ ...labels, source });
    cached = counter('vllm:prompt_tokens_cached', 'Number of cached prompt tokens (local + external).');
    counters.push(bySource, cached);
  }
  return {
    counters,
    recordLookups(stats) {
      for (const metric of queries) metric.inc({ ...labels }, stats.queries);
      for (const metric of hits) metric.inc({ ...labels }, stats.hits);
    },
    recordPrompt(promptTokens, cachedTokens) {
      if (bySource === undefined || cached === undefined) return;
      bySource.inc({ ...labels, source: 'local_compute' }, promptTokens - cachedTokens);
      bySource.inc({ ...labels, source: 'local_cache_hit' }, cachedTokens);
      cached.inc({ ...labels }, cachedTokens);
    },
  };
}
