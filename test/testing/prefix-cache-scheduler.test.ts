// The emulator's prefix-cache scheduler: a prompt's blocks are hashed once per job (its n sequences
// and every admission retry share them), and not at all with prefix caching off, as vLLM installs
// no block hasher then.
import { describe, expect, it } from 'vitest';
import { hashFunction } from '../../src/testing/engine/prefix-cache/block-hash';
import { createPrefixCacheScheduler } from '../../src/testing/engine/prefix-cache/create-prefix-cache-scheduler';
import type { HashInput } from '../../src/testing/engine/prefix-cache/hash-input';
import { KvCacheManager } from '../../src/testing/engine/prefix-cache/kv-cache-manager';
import { resolvePrefixCacheOptions } from '../../src/testing/engine/prefix-cache/prefix-cache-options';
import { PrefixCacheScheduler } from '../../src/testing/engine/prefix-cache/prefix-cache-scheduler';
import { getVersionProfile } from '../../src/testing/version-profiles';

const BLOCK = 16;
const profile = getVersionProfile('latest');
const prompt = Array.from({ length: 4 * BLOCK }, (_, index) => index);

function countingScheduler(numGpuBlocks: number) {
  const sha256 = hashFunction('sha256');
  const hashed: HashInput[] = [];
  const hash = (value: HashInput) => {
    hashed.push(value);
    return sha256(value);
  };
  const manager = new KvCacheManager({
    numGpuBlocks,
    blockSize: BLOCK,
    enableCaching: true,
    maxModelLen: 8192,
  });
  const scheduler = new PrefixCacheScheduler(
    manager,
    { blockSize: BLOCK, hash, noneHash: new Uint8Array(32) },
    profile.prefixCache,
  );
  return { scheduler, hashed };
}

describe('prefix-cache scheduler: block hashing', () => {
  it('hashes the prompt once for its n sequences, and the same blocks as vLLM would per sequence', () => {
    const { scheduler, hashed } = countingScheduler(64);
    const job = {
      prompts: [
        {
          promptIds: prompt,
          outputs: [
            [1, 2],
            [3, 4],
          ],
        },
      ],
    };
    const admission = scheduler.tryAdmit(job, false);
    expect(hashed).toHaveLength(4);
    const [first, second] = admission?.children ?? [];
    expect(first.request.blockHashKeys).toHaveLength(4);
    expect(second.request.blockHashKeys).toEqual(first.request.blockHashKeys);
    expect(second.request.blockHashes).not.toBe(first.request.blockHashes);
    expect(admission?.hitTokens).toBe(3 * BLOCK);
  });

  it('reuses the hashes when a job that did not fit is tried again', () => {
    const { scheduler, hashed } = countingScheduler(4); // 3 usable blocks: the 5-block job waits
    const job = { prompts: [{ promptIds: prompt, outputs: [[1, 2]] }] };
    expect(scheduler.tryAdmit(job, false)).toBeUndefined();
    expect(scheduler.tryAdmit(job, false)).toBeUndefined();
    expect(hashed).toHaveLength(4);
  });

  it('hashes no block with prefix caching off', () => {
    const options = resolvePrefixCacheOptions({ enablePrefixCaching: false }, profile, 8192);
    const scheduler = createPrefixCacheScheduler(options, profile, 8192);
    const output = Array.from({ length: 2 * BLOCK }, (_, index) => index);
    const admission = scheduler.tryAdmit({ prompts: [{ promptIds: prompt, outputs: [output] }] }, false);
    const request = admission?.children[0].request;
    expect(request?.blockHashes).toEqual([]);
    expect(admission?.cachedTokens).toEqual([0]);
    scheduler.finish(admission as NonNullable<typeof admission>, output.length);
    expect(request?.blockHashes).toEqual([]);
    expect(request?.tokenIds).toHaveLength(prompt.length + output.length);
  });
});
