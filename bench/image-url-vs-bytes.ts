// Section 6 of `npm run bench`: a 1 MB image in a chat message, by URL or by bytes.
// - vllm-ai-provider, URL: the URL goes to vLLM as is (supportedUrls); vLLM would fetch the image
//   itself (the emulator does not fetch, so the server-side download is not in these numbers).
// - vllm-ai-provider, bytes: the caller already has the bytes; they travel base64 in a data URL.
// - @ai-sdk/openai-compatible, URL: no supportedUrls, so the AI SDK downloads the image first and
//   sends it base64 — what users got before (and what fails when the client cannot reach the host).
// Measured per call: bytes the client sent to vLLM, bytes it downloaded from the image host, and the
// client's wall time of generateText (p50 / p90 over the calls, after a warm-up).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { FetchFunction } from '@ai-sdk/provider-utils';
import { generateText, type LanguageModel } from 'ai';
import { startVllmEmulator } from '../src/testing/index';
import { percentile, printTable } from './provider-overhead-stats';

const IMAGE_BYTES = 1024 * 1024;
const MODEL = 'Qwen/Qwen2.5-VL-3B-Instruct';

export interface ImageCaseResult {
  case: string;
  sentBytesPerCall: number;
  downloadedBytesPerCall: number;
  clientMs: { p50: number; p90: number };
}

/** A 1 MiB "PNG" (PNG signature + noise, so base64 and gzip cannot shrink it) on a loopback image host. */
async function startImageHost(): Promise<{
  server: Server;
  url: string;
  image: Uint8Array;
  served: () => number;
}> {
  const image = new Uint8Array(IMAGE_BYTES);
  let state = 0x12345678;
  for (let index = 0; index < image.length; index++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    image[index] = state >>> 24;
  }
  image.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 0);
  let served = 0;
  const server = createServer((_request, response) => {
    served += image.length;
    response.writeHead(200, { 'content-type': 'image/png', 'content-length': image.length });
    response.end(image);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/photo.png`, image, served: () => served };
}

/** A fetch that counts the request body bytes it sends. */
function countingFetch(): { fetch: FetchFunction; sent: () => number } {
  let sent = 0;
  const fetch: FetchFunction = (input, init) => {
    if (typeof init?.body === 'string') sent += Buffer.byteLength(init.body);
    return globalThis.fetch(input, init);
  };
  return { fetch, sent: () => sent };
}

export async function measureImageUrlVsBytes(
  createVllm: typeof import('../src').createVllm,
  calls: number,
): Promise<ImageCaseResult[]> {
  const host = await startImageHost();
  const emulator = await startVllmEmulator({ model: MODEL, maxRecordedRequests: 0 });
  try {
    const cases: {
      name: string;
      model: (fetch: FetchFunction) => LanguageModel;
      data: () => URL | Uint8Array;
    }[] = [
      {
        name: 'vllm-ai-provider, image URL',
        model: (fetch) => createVllm({ baseURL: emulator.baseURL, fetch, vllmVersion: 'latest' })(MODEL),
        data: () => new URL(host.url),
      },
      {
        name: 'vllm-ai-provider, image bytes',
        model: (fetch) => createVllm({ baseURL: emulator.baseURL, fetch, vllmVersion: 'latest' })(MODEL),
        data: () => host.image,
      },
      {
        name: '@ai-sdk/openai-compatible, image URL (SDK downloads it)',
        model: (fetch) =>
          createOpenAICompatible({ name: 'vllm', baseURL: emulator.baseURL, fetch }).chatModel(MODEL),
        data: () => new URL(host.url),
      },
    ];
    const results: ImageCaseResult[] = [];
    for (const entry of cases) {
      const counter = countingFetch();
      const model = entry.model(counter.fetch);
      const ask = () =>
        generateText({
          model,
          maxOutputTokens: 8,
          // The SDK's own download refuses loopback hosts (its SSRF guard); this one does what it does otherwise.
          experimental_download: (requested) =>
            Promise.all(
              requested.map(async ({ url, isUrlSupportedByModel }) => {
                if (isUrlSupportedByModel) return null;
                const response = await fetch(url);
                return {
                  data: new Uint8Array(await response.arrayBuffer()),
                  mediaType: response.headers.get('content-type') ?? undefined,
                };
              }),
            ),
          messages: [
            {
              role: 'user',
              content: [
                { type: 'text', text: 'What is in the picture?' },
                { type: 'file', mediaType: 'image/png', data: entry.data() },
              ],
            },
          ],
        });
      for (let warm = 0; warm < 3; warm++) await ask();
      const sentBefore = counter.sent();
      const servedBefore = host.served();
      const times: number[] = [];
      for (let index = 0; index < calls; index++) {
        const started = performance.now();
        await ask();
        times.push(performance.now() - started);
      }
      results.push({
        case: entry.name,
        sentBytesPerCall: Math.round((counter.sent() - sentBefore) / calls),
        downloadedBytesPerCall: Math.round((host.served() - servedBefore) / calls),
        clientMs: { p50: percentile(times, 0.5), p90: percentile(times, 0.9) },
      });
    }
    return results;
  } finally {
    await emulator.close();
    await new Promise((resolve) => host.server.close(resolve));
  }
}

export function printImageResults(results: ImageCaseResult[], calls: number): void {
  const kB = (bytes: number) => `${(bytes / 1024).toLocaleString('en-US', { maximumFractionDigits: 1 })} kB`;
  printTable(
    `6. A 1 MB image in a chat message (generateText, ${calls} calls after 3 warm-ups; vision-model emulator over loopback; vLLM's own fetch of the URL not included)`,
    ['case', 'sent to vLLM / call', 'downloaded by the client / call', 'client ms p50', 'p90'],
    results.map((result) => [
      result.case,
      kB(result.sentBytesPerCall),
      kB(result.downloadedBytesPerCall),
      result.clientMs.p50.toFixed(1),
      result.clientMs.p90.toFixed(1),
    ]),
  );
}

// `npm run bench:image [-- calls]`: this section alone, with the package from src/.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const calls = Number(process.argv[2] ?? 30);
  const { createVllm } = await import('../src');
  printImageResults(await measureImageUrlVsBytes(createVllm, calls), calls);
}
