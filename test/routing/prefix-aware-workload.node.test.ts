// The short version of `npm run bench:routing`'s multi-turn workload: prefix-aware routing keeps
// each conversation on the replica whose prefix cache holds it. Asserts the order of the replicas'
// own prefix-cache hit rates (behaviour), never timings.
import { afterEach, describe, expect, it } from 'vitest';
import {
  type CacheStrategy,
  type CacheStrategyResult,
  MODEL,
  runCacheWorkload,
} from '../../bench/routing-cache-workload';
import { startVllmEmulator, type VllmEmulator } from '../../src/testing';

const WORKLOAD = {
  conversations: 24,
  turns: 4,
  concurrency: 12,
  userWords: 60,
  replyTokens: 100,
  thinkMs: 40,
};
let replicas: VllmEmulator[] = [];

afterEach(async () => {
  await Promise.all(replicas.map((replica) => replica.close()));
  replicas = [];
});

async function run(strategy: CacheStrategy): Promise<CacheStrategyResult> {
  replicas = await Promise.all(
    [1, 2, 3, 4].map((seed) =>
      startVllmEmulator({
        model: MODEL,
        seed,
        enableAutoToolChoice: true,
        toolCallParser: 'hermes',
        // Small enough that a replica cannot keep every conversation: eviction happens.
        numGpuBlocks: 320,
        maxModelLen: 4096,
        tokensPerSecond: 2000,
      }),
    ),
  );
  const result = await runCacheWorkload(
    strategy,
    replicas.map((replica) => replica.baseURL),
    WORKLOAD,
  );
  await Promise.all(replicas.map((replica) => replica.close()));
  replicas = [];
  expect(result.errors).toBe(0);
  return result;
}

describe('prefix-aware routing on a multi-turn workload (short version of bench:routing)', () => {
  it('hits the prefix cache more often than round-robin and than session routing without keys', async () => {
    const prefix = await run('prefix-aware');
    const roundRobin = await run('round-robin');
    const sessionNoKeys = await run('session-no-keys');
    expect(prefix.hitRate).toBeGreaterThan(roundRobin.hitRate);
    expect(prefix.hitRate).toBeGreaterThan(sessionNoKeys.hitRate);
    expect(prefix.requestsPerReplica.reduce((sum, count) => sum + count, 0)).toBe(96);
  }, 120_000);
});
