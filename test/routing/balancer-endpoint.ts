import type { BalancerEndpoint } from '../../src/routing/balancer';

/** A balancer candidate whose load the test sets (`current`). */
export function balancerEndpoint(
  index: number,
  weight = 1,
  load = 0,
): BalancerEndpoint & { current: number } {
  return {
    index,
    key: `http://replica-${index}:8000/v1`,
    weight,
    current: load,
    load() {
      return this.current;
    },
  };
}
