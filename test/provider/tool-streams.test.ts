import { generateText, isStepCount, streamText, tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
import { createVllm } from '../../src';
import { createMockFetch, jsonResponse, type RecordedRequest, sseResponse } from '../helpers/mock-fetch';
import {
  chatBody,
  chatChunk,
  finishChunk,
  HERMES_TOOL_STREAM,
  NAME_AFTER_ARGUMENTS_TOOL_STREAM,
  NO_ID_NO_TYPE_TOOL_STREAM,
  roleChunk,
  TOOL_CALL_IN_REASONING_STREAM,
  usageChunk,
  WHOLE_ARGUMENTS_TOOL_STREAM,
} from './fixtures/vllm-shapes';
import { baseURL } from './helpers';

const tools = {
  get_weather: tool({
    description: 'Weather for a city',
    inputSchema: z.object({ city: z.string() }),
    execute: async ({ city }) => `sunny in ${city}`,
  }),
};

const finalAnswer = [
  roleChunk(),
  chatChunk({ delta: { content: 'It is sunny.' } }),
  finishChunk('stop'),
  usageChunk(),
];

/** A server that streams `first` for the first request and a plain answer afterwards. */
function toolServer(first: unknown[]) {
  return createMockFetch((request: RecordedRequest) =>
    sseResponse(
      request.body?.messages && (request.body.messages as unknown[]).length > 1 ? finalAnswer : first,
    ),
  );
}

async function runTools(first: unknown[], modelId = 'Qwen/Qwen3-8B') {
  const { fetch, requests } = toolServer(first);
  const result = streamText({
    model: createVllm({ baseURL, fetch, vllmVersion: 'latest' })(modelId),
    prompt: 'Weather in Paris?',
    tools,
    stopWhen: isStepCount(3),
  });
  const text = await result.text;
  const steps = await result.steps;
  return { text, steps, requests, warnings: await result.warnings };
}

describe("tool calls in vLLM's real stream shapes", () => {
  it('hermes: id/type/name first, arguments in pieces', async () => {
    const { steps, text } = await runTools(HERMES_TOOL_STREAM);
    expect(steps[0].toolCalls).toEqual([
      expect.objectContaining({
        toolCallId: 'chatcmpl-tool-3f1c',
        toolName: 'get_weather',
        input: { city: 'Paris' },
      }),
    ]);
    expect(steps[0].toolResults[0]).toMatchObject({ output: 'sunny in Paris' });
    expect(text).toBe('It is sunny.');
  });

  it('first delta without id and type', async () => {
    const { steps, requests } = await runTools(NO_ID_NO_TYPE_TOOL_STREAM);
    const [call] = steps[0].toolCalls;
    expect(call).toMatchObject({ toolName: 'get_weather', input: { city: 'Paris' } });
    expect(call.toolCallId).toMatch(/\S/);
    const followUp = requests[1].body?.messages as Record<string, unknown>[];
    expect(followUp[1]).toMatchObject({
      role: 'assistant',
      tool_calls: [{ id: call.toolCallId, type: 'function' }],
    });
    expect(followUp[2]).toMatchObject({ role: 'tool', tool_call_id: call.toolCallId });
  });

  it('name arriving after the first arguments', async () => {
    const { steps } = await runTools(NAME_AFTER_ARGUMENTS_TOOL_STREAM);
    expect(steps[0].toolCalls).toEqual([
      expect.objectContaining({ toolCallId: 'call_8a2', toolName: 'get_weather', input: { city: 'Paris' } }),
    ]);
  });

  it('whole arguments in one chunk, two parallel calls', async () => {
    const { steps } = await runTools(
      WHOLE_ARGUMENTS_TOOL_STREAM,
      'mistralai/Mistral-Small-3.2-24B-Instruct-2506',
    );
    expect(steps[0].toolCalls.map((call) => [call.toolCallId, call.input])).toEqual([
      ['aB3dE5fG7', { city: 'Paris' }],
      ['hJ9kL1mN3', { city: 'Oslo' }],
    ]);
  });

  it('finish_reason tool_calls without a call: a warning, not a silent empty step (stream)', async () => {
    const { steps, warnings } = await runTools(TOOL_CALL_IN_REASONING_STREAM);
    expect(steps).toHaveLength(1);
    expect(steps[0].toolCalls).toEqual([]);
    // Found only at the end of the stream, after stream-start carried the call's warnings: it is in
    // the finish part's metadata, where the spec allows it (stream-start's array is not touched).
    expect(steps[0].providerMetadata?.vllm?.warnings).toEqual([
      expect.objectContaining({
        type: 'other',
        message: expect.stringContaining('finish_reason "tool_calls" but returned no tool call'),
      }),
    ]);
    expect(warnings).toEqual([]);
  });

  it('finish_reason tool_calls without a call: a warning (generateText)', async () => {
    const { fetch } = createMockFetch(() =>
      jsonResponse(
        chatBody([{ message: { content: null, reasoning: '<tool_call>…' }, finish_reason: 'tool_calls' }]),
      ),
    );
    const result = await generateText({
      model: createVllm({ baseURL, fetch, vllmVersion: 'latest' })('m'),
      prompt: 'Weather?',
      tools,
    });
    expect(result.warnings).toEqual([
      expect.objectContaining({ message: expect.stringContaining('--tool-call-parser') }),
    ]);
  });
});

describe('tool-call ids for Mistral models (9 alphanumerics)', () => {
  const longIds = [
    roleChunk(),
    chatChunk({
      delta: {
        tool_calls: [
          {
            index: 0,
            id: 'call_0f9e8d7c6b5a',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city": "Paris"}' },
          },
        ],
      },
    }),
    finishChunk('tool_calls'),
    usageChunk(),
  ];

  it('rewrites ids in the follow-up request to stable 9-character ids', async () => {
    const { requests, steps } = await runTools(longIds, 'mistralai/Ministral-8B-Instruct-2410');
    expect(steps[0].toolCalls[0].toolCallId).toBe('call_0f9e8d7c6b5a');
    const messages = requests[1].body?.messages as { tool_calls?: { id: string }[]; tool_call_id?: string }[];
    const id = messages[1].tool_calls?.[0].id ?? '';
    expect(id).toMatch(/^[A-Za-z0-9]{9}$/);
    expect(messages[2].tool_call_id).toBe(id);
    const again = await runTools(longIds, 'mistralai/Ministral-8B-Instruct-2410');
    expect(
      ((again.requests[1].body?.messages ?? []) as { tool_calls?: { id: string }[] }[])[1].tool_calls?.[0].id,
    ).toBe(id);
  });

  it('keeps ids for other models, and follows toolCallIdFormat', async () => {
    const qwen = await runTools(longIds);
    expect(
      ((qwen.requests[1].body?.messages ?? []) as { tool_calls?: { id: string }[] }[])[1].tool_calls?.[0].id,
    ).toBe('call_0f9e8d7c6b5a');

    const { fetch, requests } = createMockFetch(() =>
      jsonResponse(chatBody([{ message: { content: 'ok' } }])),
    );
    await generateText({
      model: createVllm({ baseURL, fetch, vllmVersion: 'latest' })('my-served-name'),
      messages: [
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          content: [
            { type: 'tool-call', toolCallId: 'call-x', toolName: 'get_weather', input: { city: 'Rome' } },
          ],
        },
        {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: 'call-x',
              toolName: 'get_weather',
              output: { type: 'text', value: 'hot' },
            },
          ],
        },
      ],
      providerOptions: { vllm: { toolCallIdFormat: 'mistral' } },
    });
    const messages = requests[0].body?.messages as { tool_calls?: { id: string }[]; tool_call_id?: string }[];
    expect(messages[1].tool_calls?.[0].id).toMatch(/^[A-Za-z0-9]{9}$/);
    expect(messages[2].tool_call_id).toBe(messages[1].tool_calls?.[0].id);
  });
});

describe('tool strict per vLLM version', () => {
  const strictTools = {
    get_weather: tool({ inputSchema: z.object({ city: z.string() }), strict: true }),
  };

  it.each([
    ['0.13.0', false],
    ['0.23.0', false],
    ['0.24.0', true],
    ['latest', true],
  ])('vLLM %s: strict sent = %s', async (version, sent) => {
    const { fetch, requests } = createMockFetch(() =>
      jsonResponse(chatBody([{ message: { content: 'ok' } }])),
    );
    const result = await generateText({
      model: createVllm({ baseURL, fetch, vllmVersion: version })('m'),
      prompt: 'Weather?',
      tools: strictTools,
    });
    const definition = ((requests[0].body?.tools ?? []) as { function: Record<string, unknown> }[])[0]
      .function;
    expect('strict' in definition).toBe(sent);
    expect(
      (result.warnings ?? []).some(
        (warning) => warning.type === 'compatibility' && warning.feature === 'tool strict',
      ),
    ).toBe(!sent);
  });
});
