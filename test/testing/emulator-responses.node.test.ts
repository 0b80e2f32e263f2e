import { generateText, jsonSchema, Output, stepCountIs, streamText, tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { createVllm } from '../../src';
import { startVllmEmulator } from '../../src/testing/index';
import { postJson } from './helpers';

(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

const weather = tool({
  description: 'Weather in a city',
  inputSchema: jsonSchema<{ city: string }>({
    type: 'object',
    properties: { city: { type: 'string' } },
    required: ['city'],
  }),
  execute: async ({ city }) => `Sunny in ${city}`,
});

describe('emulator: /v1/responses', () => {
  it('frames the stream as vLLM does: event + data lines, sequence numbers, response.completed last, no [DONE]', async () => {
    await using emulator = await startVllmEmulator({
      reasoningParser: 'qwen3',
      reply: () => ({ reasoning: 'Think.', content: 'Hi there.' }),
    });
    const response = await fetch(`${emulator.baseURL}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: 'Hello', stream: true }),
    });
    const text = await response.text();
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(text).not.toContain('[DONE]');
    const events = text
      .trim()
      .split('\n\n')
      .map((block) => {
        const [eventLine, dataLine] = block.split('\n');
        const data = JSON.parse(dataLine.slice('data: '.length));
        expect(eventLine).toBe(`event: ${data.type}`);
        return data;
      });
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    expect(events.map((event) => event.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.reasoning_part.added',
      ...events
        .filter((event) => event.type === 'response.reasoning_text.delta')
        .map(() => 'response.reasoning_text.delta'),
      'response.reasoning_text.done',
      'response.reasoning_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.content_part.added',
      ...events
        .filter((event) => event.type === 'response.output_text.delta')
        .map(() => 'response.output_text.delta'),
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    const completed = events.at(-1).response;
    expect(completed.status).toBe('completed');
    expect(completed.output.map((item: { type: string }) => item.type)).toEqual(['reasoning', 'message']);
    expect(completed.output[0].content).toEqual([{ text: 'Think.', type: 'reasoning_text' }]);
  });

  it('generate and stream through vllm.responses(): text, reasoning, usage', async () => {
    await using emulator = await startVllmEmulator({
      reasoningParser: 'qwen3',
      reply: () => ({ reasoning: 'The user says hello.', content: 'Hello! How can I help?' }),
    });
    const vllm = createVllm({ baseURL: emulator.baseURL });
    const generated = await generateText({ model: vllm.responses('Qwen/Qwen3-0.6B'), prompt: 'Hello' });
    expect(generated.text).toBe('Hello! How can I help?');
    expect(generated.reasoningText).toBe('The user says hello.');
    expect(generated.usage.outputTokenDetails?.reasoningTokens).toBeGreaterThan(0);
    expect(generated.warnings).toEqual([]);

    const streamed = streamText({ model: vllm.responses('Qwen/Qwen3-0.6B'), prompt: 'Hello' });
    const kinds = new Set<string>();
    for await (const part of streamed.fullStream) kinds.add(part.type);
    expect(await streamed.text).toBe('Hello! How can I help?');
    expect(await streamed.reasoningText).toBe('The user says hello.');
    expect(kinds).toContain('reasoning-delta');
    expect(kinds).toContain('text-delta');
    expect((await streamed.usage).inputTokens).toBeGreaterThan(0);
    expect(emulator.requests.at(-1)?.body).toMatchObject({ stream: true, store: false });
    expect(emulator.requests.at(-1)?.ignoredFields).toEqual([]);
  });

  it('runs a tool loop (function_call → function_call_output → answer), streamed and not', async () => {
    await using emulator = await startVllmEmulator({ enableAutoToolChoice: true, toolCallParser: 'hermes' });
    const vllm = createVllm({ baseURL: emulator.baseURL });
    const generated = await generateText({
      model: vllm.responses('Qwen/Qwen3-0.6B'),
      prompt: 'Weather in Paris?',
      tools: { weather },
      stopWhen: stepCountIs(3),
    });
    expect(generated.steps[0].toolCalls).toEqual([expect.objectContaining({ toolName: 'weather' })]);
    expect(generated.steps.length).toBe(2);
    expect(generated.text.length).toBeGreaterThan(0);
    const second = emulator.requests.at(-1)?.body as { input: { type?: string }[] };
    expect(second.input.map((item) => item.type ?? 'message')).toEqual([
      'message',
      'function_call',
      'function_call_output',
    ]);

    const streamed = streamText({
      model: vllm.responses('Qwen/Qwen3-0.6B'),
      prompt: 'Weather in Paris?',
      tools: { weather },
      stopWhen: stepCountIs(3),
    });
    expect((await streamed.steps)[0].toolCalls).toEqual([expect.objectContaining({ toolName: 'weather' })]);
    expect((await streamed.text).length).toBeGreaterThan(0);
  });

  it('enforces Output.object through text.format', async () => {
    await using emulator = await startVllmEmulator();
    const { output } = await generateText({
      model: createVllm({ baseURL: emulator.baseURL }).responses('Qwen/Qwen3-0.6B'),
      prompt: 'A city',
      output: Output.object({
        schema: jsonSchema<{ city: string; population: number }>({
          type: 'object',
          properties: { city: { type: 'string' }, population: { type: 'integer' } },
          required: ['city', 'population'],
          additionalProperties: false,
        }),
      }),
    });
    expect(output).toEqual({ city: expect.any(String), population: expect.any(Number) });
  });

  it('0.10: no streaming (501), and function tools of non-gpt-oss models are ignored', async () => {
    await using old = await startVllmEmulator({
      version: '0.10',
      enableAutoToolChoice: true,
      toolCallParser: 'hermes',
    });
    const stream = await postJson(`${old.baseURL}/responses`, { input: 'Hi', stream: true });
    expect(stream.status).toBe(501);
    expect(stream.json.message).toBe('Streaming responses are not supported');
    const ignored = await postJson(`${old.baseURL}/responses`, {
      input: 'Weather?',
      tools: [{ type: 'function', name: 'weather', parameters: { type: 'object', properties: {} } }],
    });
    expect(ignored.status).toBe(200);
    expect(ignored.json.output.map((item: { type: string }) => item.type)).toEqual(['message']);
  });

  it("refuses what vLLM's validators refuse", async () => {
    await using emulator = await startVllmEmulator();
    const required = await postJson(`${emulator.baseURL}/responses`, {
      input: 'Hi',
      tool_choice: 'required',
    });
    expect(required.json.error).toMatchObject({
      message: "Tool choice 'required' must be specified with 'tools' parameter. (parameter=tool_choice)",
      param: 'tool_choice',
    });
    const prompt = await postJson(`${emulator.baseURL}/responses`, { input: 'Hi', prompt: { id: 'p' } });
    expect(prompt.json.error.message).toBe('prompt template is not supported (parameter=prompt)');
  });
});
