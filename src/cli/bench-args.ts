import { parseArgs } from 'node:util';
import type { VllmBenchmarkAnalysisOptions, VllmBenchmarkOptions } from '../bench';

export const BENCH_USAGE = `usage: vllm-ai-provider bench [options]

Load-tests a vLLM server: for each concurrency level, requests/s, output tokens/s, time to first
token (TTFT), inter-token latency (ITL) and end-to-end latency (E2E) at p50/p90/p99, and errors.

Server
  --base-url <url>         OpenAI-compatible base URL (default: VLLM_BASE_URL, then http://localhost:8000/v1)
  --model <name>           served model name (default: the first one /v1/models lists)
                           The API key is read from VLLM_API_KEY only (never from the command line).
Load
  --concurrency <list>     comma-separated levels (default: 1,4,16,64)
  --requests <n>           measured requests per level (default: max(32, 8 × concurrency))
  --warmup <n>             unmeasured requests before each level (default: the level's concurrency)
  --prompt-tokens <n>      approximate prompt length (default: 256; calibrated with /tokenize)
  --output-tokens <n>      tokens generated per request, ignore_eos on (default: 128)
  --no-stream              non-streamed requests (E2E only, no TTFT/ITL)
  --endpoint <name>        chat (default) or completion
  --timeout-ms <n>         per-request limit, 0 = none (default: 600000)
Analysis
  --max-latency-ms <n>     best concurrency = most tokens/s with latency within this bound
  --latency <metric>       ttft (default when streamed), itl, tpot or e2e
  --percentile <p>         p50, p90 or p99 (default: p99)
Output
  --out <file.svg>         write the chart (throughput and latency vs concurrency)
  --save <file.json>       write the results as JSON (read back with --load or loadBenchmark())
  --load <file.json>       analyze/render saved results instead of running a benchmark
  --json                   print the results as JSON on stdout instead of the table
  -h, --help               this help
`;

/** A command-line mistake; the message names the option and the fix. */
export class BenchUsageError extends Error {}

export interface BenchCommand {
  help: boolean;
  options: Omit<VllmBenchmarkOptions, 'signal' | 'onProgress' | 'transport'>;
  analysis: VllmBenchmarkAnalysisOptions;
  out: string | undefined;
  save: string | undefined;
  load: string | undefined;
  json: boolean;
}

function positiveInteger(name: string, value: string | undefined, min = 1): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(number) || number < min) {
    throw new BenchUsageError(`--${name} must be an integer >= ${min}, got '${value}'.`);
  }
  return number;
}

function oneOf<T extends string>(
  name: string,
  value: string | undefined,
  choices: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!choices.includes(value as T)) {
    throw new BenchUsageError(`--${name} must be one of ${choices.join(', ')}, got '${value}'.`);
  }
  return value as T;
}

/** Parses `bench` arguments; throws {@link BenchUsageError} naming the bad option. */
export function parseBenchCommand(argv: string[]): BenchCommand {
  if (argv.some((arg) => arg === '--api-key' || arg.startsWith('--api-key='))) {
    throw new BenchUsageError(
      'there is no --api-key option: a key on the command line is visible to every user (ps). Set VLLM_API_KEY instead.',
    );
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        'base-url': { type: 'string' },
        model: { type: 'string' },
        concurrency: { type: 'string' },
        requests: { type: 'string' },
        warmup: { type: 'string' },
        'prompt-tokens': { type: 'string' },
        'output-tokens': { type: 'string' },
        'no-stream': { type: 'boolean' },
        endpoint: { type: 'string' },
        'timeout-ms': { type: 'string' },
        'max-latency-ms': { type: 'string' },
        latency: { type: 'string' },
        percentile: { type: 'string' },
        out: { type: 'string' },
        save: { type: 'string' },
        load: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new BenchUsageError((error as Error).message);
  }
  const text = (name: string) => values[name] as string | undefined;
  const concurrency = text('concurrency')
    ?.split(',')
    .map((level) => positiveInteger('concurrency', level.trim()) as number);
  const out = text('out');
  if (out !== undefined && !out.toLowerCase().endsWith('.svg')) {
    throw new BenchUsageError(`--out writes an SVG chart: give a file name ending in .svg, got '${out}'.`);
  }
  if (text('load') !== undefined && text('save') !== undefined) {
    throw new BenchUsageError(
      '--load reads saved results and runs nothing: it cannot be combined with --save.',
    );
  }
  return {
    help: values.help === true,
    options: {
      baseURL: text('base-url'),
      model: text('model'),
      concurrency,
      requests: positiveInteger('requests', text('requests')),
      warmup: positiveInteger('warmup', text('warmup'), 0),
      promptTokens: positiveInteger('prompt-tokens', text('prompt-tokens')),
      outputTokens: positiveInteger('output-tokens', text('output-tokens')),
      streaming: values['no-stream'] !== true,
      endpoint: oneOf('endpoint', text('endpoint'), ['chat', 'completion'] as const),
      timeoutMs: positiveInteger('timeout-ms', text('timeout-ms'), 0),
    },
    analysis: {
      maxLatencyMs: positiveInteger('max-latency-ms', text('max-latency-ms')),
      latency: oneOf('latency', text('latency'), ['ttft', 'itl', 'tpot', 'e2e'] as const),
      percentile: oneOf('percentile', text('percentile'), ['p50', 'p90', 'p99'] as const),
    },
    out,
    save: text('save'),
    load: text('load'),
    json: values.json === true,
  };
}
