// `vllm-ai-provider/node`: Node-only helpers for the provider (the main entry stays edge-safe).
export { createVllmNodeFetch, type VllmNodeFetch, type VllmNodeFetchOptions } from './create-vllm-node-fetch';
