import { InvalidArgumentError } from '@ai-sdk/provider';
import { generateText, Output, streamText, tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
import { createVllm } from '../../src';
import { vllmChatOptionsSchema } from '../../src/provider/options/vllm-chat-language-model-options';
import { vllmCompletionOptionsSchema } from '../../src/provider/options/vllm-completion-language-model-options';
import {
  FIELDS_0_10,
  FIELDS_0_11,
  FIELDS_0_12,
  FIELDS_LATEST,
} from '../../src/testing/profiles/request-fields';
import { createMockFetch, jsonResponse, sseResponse } from '../helpers/mock-fetch';
import requestFields from './fixtures/vllm-request-fields.json';
import {
  chatBody,
  completionBody,
  completionChunk,
  finishChunk,
  roleChunk,
  usageChunk,
} from './fixtures/vllm-shapes';
import { baseURL } from './helpers';

// Mechanical check: for every option × vLLM version, every top-level field the provider sends is
// one that version accepts (vLLM ignores anything else with HTTP 200), and an option that is not
// sent is explained by a warning. Accepted sets: vLLM HEAD from request-fields.json (read from
// vLLM's pydantic models, /work/shared/vllm), older releases from the emulator's version profiles
// (extracted from the v0.10.0 tag and the v0.11 / v0.12 release branches).

type Endpoint = 'chat' | 'completion';
const HEAD = {
  chat: new Set(Object.keys(requestFields.chat)),
  completion: new Set(Object.keys(requestFields.completion)),
};
const ACCEPTED: Record<string, Record<Endpoint, ReadonlySet<string>>> = {
  '0.10.0': FIELDS_0_10,
  '0.11.0': FIELDS_0_11,
  '0.12.0': FIELDS_0_12,
  '0.13.0': FIELDS_0_12,
  latest: HEAD,
};
const VERSIONS = Object.keys(ACCEPTED);
/** Options that act through headers, the prompt or the `model` value rather than a body field of their own. */
const NO_BODY_FIELD = ['toolCallIdFormat', 'sessionKey', 'requestId', 'loraAdapter', 'extraBody'];

const schema = { type: 'object', properties: { a: { type: 'string' } } };
const tools = { lookup: tool({ inputSchema: z.object({ q: z.string() }), strict: true }) };

/** [option, sample value, extra call settings] — one row per option of each schema. */
type Row = [option: string, value: unknown, settings?: Record<string, unknown>];
const common: Row[] = [
  ['topK', 40],
  ['minP', 0.1],
  ['repetitionPenalty', 1.1],
  ['lengthPenalty', 1.2],
  ['minTokens', 1],
  ['ignoreEos', true],
  ['stopTokenIds', [2]],
  ['includeStopStrInOutput', true],
  ['skipSpecialTokens', false],
  ['spacesBetweenSpecialTokens', false],
  ['truncatePromptTokens', 100],
  ['truncationSide', 'left'],
  ['allowedTokenIds', [1]],
  ['badWords', ['x']],
  ['logitBias', { '1': 1 }],
  ['repetitionDetection', { maxPatternSize: 4, minCount: 2 }],
  ['streamInterval', 2],
  ['n', 2],
  ['bestOf', 3],
  ['useBeamSearch', true],
  ['beamWidth', 2],
  ['structuredOutputs', { json: schema, disableAnyWhitespace: true }],
  ['guidedJson', schema],
  ['guidedRegex', 'a+'],
  ['guidedChoice', ['a', 'b']],
  ['guidedGrammar', 'root ::= "a"'],
  ['guidedWhitespacePattern', ' '],
  ['guidedDecodingBackend', 'xgrammar'],
  ['loraAdapter', 'sql-lora'],
  ['promptLogprobs', 1],
  ['returnTokenIds', true],
  ['returnTokensAsTokenIds', true],
  ['addSpecialTokens', true],
  ['thinkingTokenBudget', 10],
  ['priority', 1],
  ['requestId', 'req-1'],
  ['sessionKey', 'session-1'],
  ['cacheSalt', 'salt'],
  ['vllmXargs', { a: 1 }],
  ['kvTransferParams', { a: 1 }],
  ['user', 'u'],
  ['extraBody', {}],
  ['echo', true],
];
const chatRows: Row[] = [
  ...common,
  ['logprobs', 2],
  ['topLogprobs', 2, { logprobs: true }],
  ['thinking', false],
  ['chatTemplateKwargs', { a: 1 }],
  ['includeReasoning', false],
  ['reasoningEffort', 'low'],
  ['chatTemplate', '{{ x }}'],
  ['addGenerationPrompt', false],
  ['continueFinalMessage', true],
  ['documents', [{ title: 't', text: 'x' }]],
  ['mmProcessorKwargs', { a: 1 }],
  ['mediaIoKwargs', { video: { num_frames: 2 } }],
  ['parallelToolCalls', false],
  ['strictJsonSchema', false],
  ['toolCallIdFormat', 'mistral'],
];
const completionRows: Row[] = [...common, ['logprobs', 2]];

/** SDK call settings that reach vLLM fields of their own. */
const callRows: [name: string, settings: Record<string, unknown>][] = [
  ['reasoning high', { reasoning: 'high' }],
  ['reasoning none', { reasoning: 'none' }],
  ['Output.object', { output: Output.object({ schema: z.object({ a: z.string() }) }) }],
  ['strict tools + toolChoice', { tools, toolChoice: 'auto' }],
  [
    'standard settings',
    {
      temperature: 0.5,
      topP: 0.9,
      topK: 3,
      seed: 1,
      stopSequences: ['x'],
      maxOutputTokens: 9,
      presencePenalty: 0.1,
      frequencyPenalty: 0.1,
    },
  ],
  [
    'prior reasoning',
    {
      prompt: undefined,
      messages: [
        { role: 'user', content: 'a' },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'r' },
            { type: 'text', text: 'b' },
          ],
        },
        { role: 'user', content: 'c' },
      ],
    },
  ],
];

async function send(
  endpoint: Endpoint,
  version: string,
  vllm: Record<string, unknown>,
  settings: Record<string, unknown>,
  stream: boolean,
) {
  const { fetch, requests } = createMockFetch(() =>
    stream
      ? sseResponse(
          endpoint === 'chat'
            ? [roleChunk(), finishChunk('stop'), usageChunk()]
            : [
                completionChunk({ text: 'x', finish_reason: 'stop' }),
                completionChunk(undefined, {
                  usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
                }),
              ],
        )
      : jsonResponse(
          endpoint === 'chat'
            ? chatBody([{ message: { content: '{"a":"x"}' } }])
            : completionBody([{ text: 'x' }]),
        ),
  );
  const provider = createVllm({ baseURL, fetch, vllmVersion: version });
  const model = endpoint === 'chat' ? provider('m') : provider.completionModel('m');
  const call = {
    model,
    prompt: 'Hi',
    maxRetries: 0,
    providerOptions: { vllm: vllm as never },
    ...settings,
  } as never;
  let warnings: unknown[] = [];
  try {
    if (stream) {
      let failure: unknown;
      const result = streamText({
        ...(call as object),
        onError: ({ error }: { error: unknown }) => (failure = error),
      } as never);
      await result.consumeStream();
      if (failure) throw failure;
      warnings = (await result.warnings) ?? [];
    } else {
      warnings = (await generateText(call)).warnings ?? [];
    }
  } catch (error) {
    // A value the version rejects fails before the request (e.g. reasoning_effort on 0.10.0).
    if (!InvalidArgumentError.isInstance(error)) throw error;
    expect(requests).toEqual([]);
    return { body: undefined, warnings: [String(error.message)] };
  }
  return { body: requests.at(-1)?.body ?? {}, warnings };
}

function expectConforming(endpoint: Endpoint, version: string, body: Record<string, unknown> | undefined) {
  if (body === undefined) return;
  const rejected = Object.keys(body).filter((field) => !ACCEPTED[version][endpoint].has(field));
  expect(rejected, `fields vLLM ${version} would ignore`).toEqual([]);
}

describe('the accepted-field sources agree on vLLM HEAD', () => {
  it.each(['chat', 'completion'] as const)(
    '%s: request-fields.json = emulator latest profile',
    (endpoint) => {
      expect([...HEAD[endpoint]].sort()).toEqual([...FIELDS_LATEST[endpoint]].sort());
    },
  );

  it('every option has a row in the matrix', () => {
    expect(chatRows.map(([option]) => option).sort()).toEqual(
      Object.keys(vllmChatOptionsSchema.shape).sort(),
    );
    expect(completionRows.map(([option]) => option).sort()).toEqual(
      Object.keys(vllmCompletionOptionsSchema.shape).sort(),
    );
  });
});

describe.each(VERSIONS)('vLLM %s: every field sent is accepted', (version) => {
  it.each(chatRows)('chat %s', async (option, value, settings = {}) => {
    const vllm = {
      [option]: value,
      ...(option === 'guidedWhitespacePattern' ? { guidedRegex: 'a' } : {}),
      ...settings,
    };
    const extra =
      option === 'strictJsonSchema' ? { output: Output.object({ schema: z.object({ a: z.string() }) }) } : {};
    const { body, warnings } = await send('chat', version, vllm, extra, false);
    expectConforming('chat', version, body);
    const sentSomething = body !== undefined && Object.keys(body).length > 2;
    if (!sentSomething && !NO_BODY_FIELD.includes(option)) {
      expect(JSON.stringify(warnings)).toContain(option);
    }
  });

  it.each(completionRows)('completion %s', async (option, value) => {
    const vllm = { [option]: value, ...(option === 'guidedWhitespacePattern' ? { guidedRegex: 'a' } : {}) };
    const { body, warnings } = await send('completion', version, vllm, {}, false);
    expectConforming('completion', version, body);
    const base = ['model', 'prompt', 'max_tokens'];
    const sentSomething = body !== undefined && Object.keys(body).some((field) => !base.includes(field));
    if (!sentSomething && !NO_BODY_FIELD.includes(option)) {
      expect(JSON.stringify(warnings)).toContain(option);
    }
  });

  it.each(callRows)('chat %s', async (_name, settings) => {
    expectConforming('chat', version, (await send('chat', version, {}, settings, false)).body);
  });

  it('chat: all options at once, generate and stream', async () => {
    const all = {
      minP: 0.1,
      guidedChoice: ['a', 'b'],
      returnTokenIds: true,
      thinkingTokenBudget: 5,
      includeReasoning: true,
      repetitionDetection: { maxPatternSize: 2, minCount: 2 },
      truncationSide: 'left',
      streamInterval: 2,
      bestOf: 2,
      n: 2,
      logprobs: 1,
      mediaIoKwargs: {},
      cacheSalt: 's',
    };
    expectConforming('chat', version, (await send('chat', version, all, { temperature: 0.7 }, false)).body);
    const { promptLogprobs: _skip, ...streamable } = { ...all, promptLogprobs: undefined };
    expectConforming(
      'chat',
      version,
      (await send('chat', version, streamable, { temperature: 0.7 }, true)).body,
    );
  });

  it('completion: all options at once, generate and stream', async () => {
    const all = {
      minP: 0.1,
      guidedRegex: 'a+',
      returnTokenIds: true,
      thinkingTokenBudget: 5,
      badWords: ['x'],
      requestId: 'r',
      truncationSide: 'right',
      bestOf: 2,
      logprobs: 1,
    };
    expectConforming('completion', version, (await send('completion', version, all, {}, false)).body);
    expectConforming('completion', version, (await send('completion', version, all, {}, true)).body);
  });
});
