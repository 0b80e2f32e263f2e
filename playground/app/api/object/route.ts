import { createTextStreamResponse, Output, streamText, toTextStream } from 'ai';
import { citySchema } from '@/lib/city-schema';
import { chatModelId, vllm } from '@/lib/vllm';

export const maxDuration = 60;

/**
 * Structured output: the schema reaches vLLM as `response_format: json_schema`, so the server's
 * structured-output backend constrains decoding; the JSON text streams to useObject.
 */
export async function POST(request: Request): Promise<Response> {
  const input: unknown = await request.json();
  const city = typeof input === 'string' && input.trim() !== '' ? input.trim() : 'Paris';
  const result = streamText({
    model: vllm(await chatModelId()),
    output: Output.object({ schema: citySchema }),
    prompt: `Describe the city of ${city}: its country, population and up to three landmarks.`,
    providerOptions: { vllm: { thinking: false } },
  });
  return createTextStreamResponse({ stream: toTextStream({ stream: result.stream }) });
}
