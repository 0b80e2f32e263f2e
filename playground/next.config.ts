import { dirname } from 'node:path';
import type { NextConfig } from 'next';

// The package comes from the repository root (an npm workspace links node_modules/vllm-ai-provider
// to it), so Turbopack and output tracing must see the whole repository.
const repositoryRoot = dirname(import.meta.dirname);

const nextConfig: NextConfig = {
  turbopack: { root: repositoryRoot },
  outputFileTracingRoot: repositoryRoot,
  devIndicators: false,
  poweredByHeader: false,
};

export default nextConfig;
