import {
  convertToModelMessages,
  createUIMessageStreamResponse,
  isStepCount,
  streamText,
  toUIMessageStream,
  tool,
  type UIMessage,
} from 'ai';
import { z } from 'zod/v4';
import { chatModelId, visionModel, vllm } from '@/lib/vllm';

export const maxDuration = 60;

const tools = {
  getWeather: tool({
    description: 'Get the current weather in a city.',
    inputSchema: z.object({ city: z.string().describe('City name, e.g. Paris') }),
    execute: async ({ city }) => {
      const conditions = ['sunny', 'cloudy', 'rainy', 'windy'] as const;
      const seed = [...city].reduce((sum, character) => sum + character.charCodeAt(0), 0);
      return { city, condition: conditions[seed % conditions.length], temperatureCelsius: 8 + (seed % 20) };
    },
  }),
};

/** The chat: streamText with a tool and reasoning, streamed to useChat as UI message chunks. */
export async function POST(request: Request): Promise<Response> {
  const { messages, thinking = true }: { messages: UIMessage[]; thinking?: boolean } = await request.json();
  // A question with pictures goes to the vision model; vLLM gets image URLs as is and bytes as data URLs.
  const hasImages = messages.some((message) =>
    message.parts.some((part) => part.type === 'file' && part.mediaType.startsWith('image/')),
  );
  if (hasImages) {
    const result = streamText({
      model: await visionModel(),
      instructions: 'You are a helpful assistant. Describe and answer questions about the pictures.',
      messages: await convertToModelMessages(messages),
      maxOutputTokens: 512,
    });
    return createUIMessageStreamResponse({ stream: toUIMessageStream({ stream: result.stream }) });
  }
  const result = streamText({
    model: vllm(await chatModelId()),
    instructions: 'You are a helpful assistant. Use the getWeather tool for questions about the weather.',
    messages: await convertToModelMessages(messages),
    tools,
    stopWhen: isStepCount(3), // tool call → tool result → answer
    maxOutputTokens: 512,
    // vLLM: chat_template_kwargs.enable_thinking (Qwen3 and others); the reasoning parser splits the
    // thinking text into the reasoning field, which arrives here as reasoning parts.
    providerOptions: { vllm: { thinking } },
  });
  return createUIMessageStreamResponse({
    stream: toUIMessageStream({ stream: result.stream, tools, sendReasoning: true }),
  });
}
