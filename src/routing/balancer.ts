/** How requests are spread over the endpoints. */
export type VllmLoadBalancing = 'round-robin' | 'least-busy' | 'session' | 'prefix-aware';

/** What the balancer needs to know about an endpoint. */
export interface BalancerEndpoint {
  /** Position in the endpoint list (stable). */
  readonly index: number;
  /** Stable identity for session hashing (the base URL). */
  readonly key: string;
  /** Relative share of traffic (> 0). */
  readonly weight: number;
  /** Current load: requests in flight (plus server-reported load when refreshed from `/metrics`). */
  load(): number;
}

/**
 * Picks an endpoint among candidates:
 * - `round-robin`: smooth weighted round-robin (nginx's algorithm: even spacing, exact shares).
 * - `least-busy`: lowest `load / weight`; ties go round-robin so equal endpoints share the work.
 * - `session`: weighted rendezvous hashing of the session key; every client maps a key to the same
 *   endpoint, and when that endpoint is excluded only its keys move (to their next-best endpoint).
 *   Without a session key it behaves as `least-busy`.
 * - `prefix-aware`: the same rendezvous ranking on the prompt's prefix (or session key), with
 *   bounded loads: see {@link Balancer.boundedTarget}.
 */
export class Balancer {
  private readonly currentWeights: number[];
  private tieBreaker = 0;

  constructor(
    readonly strategy: VllmLoadBalancing,
    endpointCount: number,
    /** `prefix-aware`: most requests in flight an endpoint takes, as a multiple of its weighted mean. */
    private readonly loadFactor = Number.POSITIVE_INFINITY,
  ) {
    this.currentWeights = new Array<number>(endpointCount).fill(0);
  }

  /** The endpoint a session key sticks to among `candidates` (highest rendezvous score). */
  sessionTarget<T extends BalancerEndpoint>(sessionKey: string, candidates: readonly T[]): T | undefined {
    return rendezvousRanking(sessionKey, candidates)[0];
  }

  /**
   * Consistent hashing with bounded loads (Mirrokni, Thorup & Zadimoghaddam, SODA 2018) on weighted
   * rendezvous hashing: the first endpoint in the key's ranking that `canTake` the request and holds
   * fewer than ⌈loadFactor × (requests in flight + 1) × weight / total weight⌉ requests. A hot key
   * spills to its next choice in the ranking (the same one from every client), not to a random one.
   */
  boundedTarget<T extends BalancerEndpoint>(
    key: string,
    candidates: readonly T[],
    canTake: (candidate: T) => boolean,
  ): T | undefined {
    let inFlight = 1;
    let totalWeight = 0;
    for (const candidate of candidates) {
      inFlight += candidate.load();
      totalWeight += candidate.weight;
    }
    const ranking = rendezvousRanking(key, candidates).filter(canTake);
    for (const candidate of ranking) {
      const bound = Math.ceil((this.loadFactor * inFlight * candidate.weight) / totalWeight);
      if (candidate.load() + 1 <= bound) return candidate;
    }
    return ranking[0];
  }

  /** Picks one of `candidates` (all able to take a request now); `undefined` when there are none. */
  pick<T extends BalancerEndpoint>(candidates: readonly T[]): T | undefined {
    if (candidates.length <= 1) return candidates[0];
    return this.strategy === 'round-robin' ? this.roundRobin(candidates) : this.leastBusy(candidates);
  }

  private roundRobin<T extends BalancerEndpoint>(candidates: readonly T[]): T {
    let total = 0;
    let best = candidates[0];
    for (const candidate of candidates) {
      this.currentWeights[candidate.index] += candidate.weight;
      total += candidate.weight;
      if (this.currentWeights[candidate.index] > this.currentWeights[best.index]) best = candidate;
    }
    this.currentWeights[best.index] -= total;
    return best;
  }

  private leastBusy<T extends BalancerEndpoint>(candidates: readonly T[]): T {
    const start = this.tieBreaker++ % candidates.length;
    let best = candidates[start];
    let bestScore = best.load() / best.weight;
    for (let offset = 1; offset < candidates.length; offset++) {
      const candidate = candidates[(start + offset) % candidates.length];
      const score = candidate.load() / candidate.weight;
      if (score < bestScore) {
        best = candidate;
        bestScore = score;
      }
    }
    return best;
  }
}

const FNV_OFFSET = 0x811c9dc5;

/**
 * `candidates` by weighted rendezvous score for `key`, best first: every client ranks a key the
 * same way, and removing an endpoint moves only the keys it ranked first (each to its next choice).
 */
export function rendezvousRanking<T extends BalancerEndpoint>(key: string, candidates: readonly T[]): T[] {
  const keyHash = fnv1a(key, FNV_OFFSET);
  const scored = candidates.map((candidate) => {
    // Uniform in (0, 1); weighted rendezvous score = -weight / ln(u) (Schindelhauer & Schomaker).
    const u = (mix(fnv1a(candidate.key, keyHash)) + 0.5) / 4294967296;
    return { candidate, score: -candidate.weight / Math.log(u) };
  });
  scored.sort((a, b) => b.score - a.score);
  return scored.map((entry) => entry.candidate);
}

/** 32-bit FNV-1a over the UTF-16 code units of `text`, continuing from `seed`. */
function fnv1a(text: string, seed: number): number {
  let hash = seed;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Final avalanche (murmur3 fmix32) so similar keys spread evenly. */
function mix(value: number): number {
  let hash = value;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
