// `vllm-ai-provider/node`: Node-only helpers for the provider (the main entry stays edge-safe).

export { loadBenchmark, saveBenchmark } from './benchmark-files';
export { createVllmNodeFetch, type VllmNodeFetch, type VllmNodeFetchOptions } from './create-vllm-node-fetch';
export {
  createVllmNodeBenchmarkTransport,
  type VllmNodeBenchmarkTransport,
} from './node-benchmark-transport';
