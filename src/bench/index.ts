// Public surface of the server benchmark (edge-safe; file I/O is in `vllm-ai-provider/node`).
export {
  analyzeBenchmark,
  type VllmBenchmarkAnalysis,
  type VllmBenchmarkAnalysisOptions,
  type VllmBenchmarkLatencyMetric,
  type VllmBenchmarkLevelVerdict,
} from './analyze-benchmark';
export { benchmarkServer } from './benchmark-server';
export {
  createFetchBenchmarkTransport,
  type VllmBenchmarkRequest,
  type VllmBenchmarkTransport,
} from './benchmark-transport';
export type {
  VllmBenchmarkEndpoint,
  VllmBenchmarkErrorSample,
  VllmBenchmarkLevel,
  VllmBenchmarkOptions,
  VllmBenchmarkProgress,
  VllmBenchmarkResult,
  VllmLatencySummary,
} from './benchmark-types';
export { parseBenchmarkResult } from './parse-benchmark-result';
export { renderBenchmarkSvg, type VllmBenchmarkSvgOptions } from './render-benchmark-svg';
