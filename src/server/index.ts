// Public surface of the server client and the metrics helpers (re-exported by src/index.ts).
export type { VllmHistogram } from './histogram';
export type { VllmLoadLoraAdapterOptions, VllmLoraAdapterChange } from './lora-adapters';
export type { PrometheusSample, PrometheusText } from './prometheus-text';
export { parsePrometheusText } from './prometheus-text';
export type { VllmModelInfo } from './served-models';
export type { VllmServerErrorData } from './server-request';
export type { VllmRequestOptions } from './server-requester';
export type { VllmHealth, VllmServerLoad } from './server-status';
export type { VllmContextFit, VllmTokenizeInput, VllmTokenizeOptions, VllmTokenizeResult } from './tokenize';
export type { VllmMetricsSnapshot } from './vllm-metrics';
export { parseVllmMetrics } from './vllm-metrics';
export type { VllmServerClient, VllmServerClientSettings, VllmStatisticsOptions } from './vllm-server-client';
export { createVllmClient } from './vllm-server-client';
export type { VllmEndpointStatistics, VllmStatistics } from './vllm-statistics';
export { computeVllmStatistics } from './vllm-statistics';
