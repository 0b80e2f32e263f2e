import { InvalidArgumentError } from '@ai-sdk/provider';
import { validateBaseURL } from '../provider/connection/vllm-settings';
import type { VllmLoadBalancing } from './balancer';
import type { VllmCircuitBreakerSettings } from './circuit-breaker';
import type { VllmRoutingEventListener } from './routing-events';
import type { VllmHealthCheckSettings, VllmRoutingSettings } from './routing-settings';

export interface ResolvedEndpoint {
  baseURL: string;
  apiKey: string | undefined;
  weight: number;
  maxConcurrentRequests: number;
}

export interface ResolvedRoutingSettings {
  endpoints: ResolvedEndpoint[];
  loadBalancing: VllmLoadBalancing;
  /** `prefix-aware`: the bounded-loads factor (1 + ε). */
  prefixLoadFactor: number;
  loadMetricsIntervalMs: number | undefined;
  healthCheck: Required<VllmHealthCheckSettings> | undefined;
  circuitBreaker: Required<VllmCircuitBreakerSettings> | undefined;
  maxAttempts: number;
  maxConcurrentRequests: number;
  maxQueuedRequests: number;
  timeoutMs: number | undefined;
  headersTimeoutMs: number | undefined;
  onEvent: VllmRoutingEventListener | undefined;
}

/** Default `prefixAware.loadFactor`: 1 + ε with ε = 0.25, the value HAProxy and Vimeo run consistent hashing with bounded loads at. */
const PREFIX_LOAD_FACTOR = 1.25;

const STRATEGIES: readonly VllmLoadBalancing[] = ['round-robin', 'least-busy', 'session', 'prefix-aware'];

/**
 * Checks every routing setting (errors name the setting and the fix) and applies the defaults.
 * `fallbackBaseURL` is used when `endpoints` is not given.
 */
export function resolveRoutingSettings(
  settings: VllmRoutingSettings & { baseURL?: string },
  fallbackBaseURL: () => string,
): ResolvedRoutingSettings {
  if (settings.endpoints !== undefined && settings.baseURL !== undefined) {
    fail('endpoints', 'give either `baseURL` (one server) or `endpoints` (several), not both.');
  }
  const endpoints = resolveEndpoints(settings.endpoints, fallbackBaseURL);
  const several = endpoints.length > 1;

  const loadBalancing = settings.loadBalancing ?? 'round-robin';
  if (!STRATEGIES.includes(loadBalancing)) {
    const hint = /prefix|cache/i.test(String(loadBalancing))
      ? " For prefix-cache-aware routing use 'prefix-aware'."
      : '';
    fail(
      'loadBalancing',
      `"${String(loadBalancing)}" is not one of ${STRATEGIES.map((s) => `'${s}'`).join(', ')}.${hint}`,
    );
  }
  const prefixLoadFactor = resolvePrefixLoadFactor(settings.prefixAware);

  const loadMetrics = settings.loadMetrics === true ? {} : settings.loadMetrics || undefined;
  const healthCheck = optionalGroup(settings.healthCheck, several);
  const circuitBreaker = optionalGroup(settings.circuitBreaker, several);
  if (settings.onEvent !== undefined && typeof settings.onEvent !== 'function') {
    fail('onEvent', 'must be a function receiving each routing event.');
  }

  return {
    endpoints,
    loadBalancing,
    prefixLoadFactor,
    loadMetricsIntervalMs: loadMetrics
      ? positive('loadMetrics.intervalMs', loadMetrics.intervalMs, 2_000)
      : undefined,
    healthCheck: healthCheck && {
      intervalMs: positive('healthCheck.intervalMs', healthCheck.intervalMs, 10_000),
      timeoutMs: positive('healthCheck.timeoutMs', healthCheck.timeoutMs, 2_000),
      unhealthyThreshold: count('healthCheck.unhealthyThreshold', healthCheck.unhealthyThreshold, 2),
      healthyThreshold: count('healthCheck.healthyThreshold', healthCheck.healthyThreshold, 1),
    },
    circuitBreaker: circuitBreaker && resolveCircuitBreaker(circuitBreaker),
    maxAttempts: count('maxAttempts', settings.maxAttempts, Math.min(endpoints.length, 5)),
    maxConcurrentRequests: count(
      'maxConcurrentRequests',
      settings.maxConcurrentRequests,
      Number.POSITIVE_INFINITY,
    ),
    maxQueuedRequests: count('maxQueuedRequests', settings.maxQueuedRequests, 100, 0),
    timeoutMs: optionalPositive('timeoutMs', settings.timeoutMs),
    headersTimeoutMs: optionalPositive('headersTimeoutMs', settings.headersTimeoutMs),
    onEvent: settings.onEvent,
  };
}

function resolveCircuitBreaker(settings: VllmCircuitBreakerSettings): Required<VllmCircuitBreakerSettings> {
  const resetTimeoutMs = positive('circuitBreaker.resetTimeoutMs', settings.resetTimeoutMs, 30_000);
  const maxResetTimeoutMs = positive(
    'circuitBreaker.maxResetTimeoutMs',
    settings.maxResetTimeoutMs,
    10 * resetTimeoutMs,
  );
  if (maxResetTimeoutMs < resetTimeoutMs) {
    fail(
      'circuitBreaker.maxResetTimeoutMs',
      `must be >= circuitBreaker.resetTimeoutMs (${resetTimeoutMs}), got ${maxResetTimeoutMs}.`,
    );
  }
  return {
    failureThreshold: count('circuitBreaker.failureThreshold', settings.failureThreshold, 5),
    resetTimeoutMs,
    maxResetTimeoutMs,
    halfOpenSuccesses: count('circuitBreaker.halfOpenSuccesses', settings.halfOpenSuccesses, 1),
  };
}

function resolveEndpoints(
  endpoints: VllmRoutingSettings['endpoints'],
  fallbackBaseURL: () => string,
): ResolvedEndpoint[] {
  if (endpoints === undefined) {
    return [
      {
        baseURL: fallbackBaseURL(),
        apiKey: undefined,
        weight: 1,
        maxConcurrentRequests: Number.POSITIVE_INFINITY,
      },
    ];
  }
  if (!Array.isArray(endpoints) || endpoints.length === 0) {
    fail(
      'endpoints',
      'must be a non-empty array of base URLs or { baseURL, apiKey?, weight?, maxConcurrentRequests? }.',
    );
  }
  const seen = new Map<string, number>();
  return endpoints.map((entry, index) => {
    const name = `endpoints[${index}]`;
    const item = typeof entry === 'string' ? { baseURL: entry } : entry;
    if (item == null || typeof item !== 'object' || typeof item.baseURL !== 'string') {
      fail(name, 'must be a base URL string or an object with a `baseURL` string.');
    }
    const baseURL = validateBaseURL(item.baseURL, `${name}.baseURL`);
    const duplicate = seen.get(baseURL);
    if (duplicate !== undefined) {
      fail(name, `"${baseURL}" is already endpoints[${duplicate}]; give it a higher \`weight\` instead.`);
    }
    seen.set(baseURL, index);
    if (item.apiKey !== undefined && typeof item.apiKey !== 'string')
      fail(`${name}.apiKey`, 'must be a string.');
    const weight = item.weight ?? 1;
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight <= 0) {
      fail(`${name}.weight`, `must be a number > 0, got ${String(weight)}.`);
    }
    return {
      baseURL,
      apiKey: item.apiKey,
      weight,
      maxConcurrentRequests: count(
        `${name}.maxConcurrentRequests`,
        item.maxConcurrentRequests,
        Number.POSITIVE_INFINITY,
      ),
    };
  });
}

/** The bounded-loads factor of `prefix-aware` balancing. */
function resolvePrefixLoadFactor(settings: VllmRoutingSettings['prefixAware']): number {
  if (settings === undefined) return PREFIX_LOAD_FACTOR;
  if (settings === null || typeof settings !== 'object')
    fail('prefixAware', 'must be an object { loadFactor }.');
  const factor = settings.loadFactor ?? PREFIX_LOAD_FACTOR;
  if (typeof factor !== 'number' || Number.isNaN(factor) || factor < 1) {
    fail(
      'prefixAware.loadFactor',
      `must be a number >= 1 (1.25 lets an endpoint take 25% more than its share), got ${String(factor)}.`,
    );
  }
  return factor;
}

function optionalGroup<T extends object>(value: boolean | T | undefined, defaultOn: boolean): T | undefined {
  if (value === undefined) return defaultOn ? ({} as T) : undefined;
  if (value === false) return undefined;
  if (value === true) return {} as T;
  return value;
}

function count(name: string, value: number | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (
    typeof value !== 'number' ||
    !(Number.isInteger(value) || value === Number.POSITIVE_INFINITY) ||
    value < min
  ) {
    fail(name, `must be an integer >= ${min}, got ${String(value)}.`);
  }
  return value;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  return optionalPositive(name, value) ?? fallback;
}

function optionalPositive(name: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    fail(name, `must be a number of milliseconds > 0, got ${String(value)}.`);
  }
  return value;
}

function fail(argument: string, message: string): never {
  throw new InvalidArgumentError({ argument, message: `Invalid ${argument}: ${message}` });
}
