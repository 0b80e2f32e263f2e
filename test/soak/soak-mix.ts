import { CALL_KINDS, type CallKind, type SoakConfig } from './soak-config';

/** mulberry32: a small seeded PRNG, so a run's mix and abort times repeat. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** The kind of each call (shuffled by the seed) and, for aborted kinds, when the caller aborts. */
export function pickKinds(config: SoakConfig): Array<{ kind: CallKind; abortAfterMs: number }> {
  const random = seededRandom(config.seed);
  const total = CALL_KINDS.reduce((sum, kind) => sum + config.mix[kind], 0);
  return Array.from({ length: config.calls }, () => {
    let roll = random() * total;
    let kind: CallKind = CALL_KINDS[0];
    for (const candidate of CALL_KINDS) {
      roll -= config.mix[candidate];
      if (roll < 0) {
        kind = candidate;
        break;
      }
    }
    // Abort anywhere from before the first token to mid-answer.
    return { kind, abortAfterMs: Math.round(20 + random() * 500) };
  });
}
