/** How requests are spread over the endpoints. */
export type VllmLoadBalancing = 'round-robin' | 'least-busy' | 'session';

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
 */
export class Balancer {
  private readonly currentWeights: number[];
  private tieBreaker = 0;

  constructor(
    readonly strategy: VllmLoadBalancing,
    endpointCount: number,
  ) {
    this.currentWeights = new Array<number>(endpointCount).fill(0);
  }

  /** The endpoint a session key sticks to among `candidates` (highest rendezvous score). */
  sessionTarget<T extends BalancerEndpoint>(sessionKey: string, candidates: readonly T[]): T | undefined {
    const keyHash = fnv1a(sessionKey, FNV_OFFSET);
    let best: T | undefined;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (const candidate of candidates) {
      // Uniform in (0, 1); weighted rendezvous score = -weight / ln(u) (Schindelhauer & Schomaker).
      const u = (mix(fnv1a(candidate.key, keyHash)) + 0.5) / 4294967296;
      const score = -candidate.weight / Math.log(u);
      if (score > bestScore) {
        bestScore = score;
        best = candidate;
      }
    }
    return best;
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
