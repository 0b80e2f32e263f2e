import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVllmEmulator, type VllmEmulator } from '../../src/testing/index';
import { chunksOf, type Json, postJson, postStream, userMessage } from './helpers';

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);

const PERSON_SCHEMA = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1 },
    age: { type: 'integer', minimum: 0, maximum: 150 },
    email: { type: 'string', format: 'email' },
    tags: { type: 'array', items: { type: 'string', enum: ['a', 'b', 'c'] }, maxItems: 3 },
    address: {
      type: 'object',
      properties: { city: { type: 'string' }, zip: { type: 'string', pattern: '^[0-9]{5}$' } },
      required: ['city', 'zip'],
      additionalProperties: false,
    },
  },
  required: ['name', 'age', 'address'],
  additionalProperties: false,
};

describe('emulator: generation honours the request', () => {
  let emulator: VllmEmulator;
  const chat = (body: Json) =>
    postJson(`${emulator.baseURL}/chat/completions`, { messages: userMessage('Hello'), ...body });
  beforeAll(async () => {
    emulator = await startVllmEmulator({ enableAutoToolChoice: true, toolCallParser: 'hermes' });
  });
  afterAll(() => emulator.close());

  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'structured_outputs.json satisfies the schema (seed %i, checked by Ajv)',
    async (seed) => {
      const { status, json } = await chat({ seed, structured_outputs: { json: PERSON_SCHEMA } });
      expect(status).toBe(200);
      const content = json.choices[0].message.content as string;
      const validate = ajv.compile(PERSON_SCHEMA);
      expect(validate(JSON.parse(content)), JSON.stringify(validate.errors)).toBe(true);
      expect(json.choices[0].finish_reason).toBe('stop');
    },
  );

  it('response_format json_schema is enforced too', async () => {
    const { json } = await chat({
      response_format: { type: 'json_schema', json_schema: { name: 'p', schema: PERSON_SCHEMA } },
    });
    expect(ajv.validate(PERSON_SCHEMA, JSON.parse(json.choices[0].message.content))).toBe(true);
  });

  it('response_format json_schema without a name is a 400', async () => {
    const { status, json } = await chat({
      response_format: { type: 'json_schema', json_schema: { schema: PERSON_SCHEMA } },
    });
    expect(status).toBe(400);
    expect(json.error.message).toContain('Field required');
  });

  it.each([
    '^[A-Z][a-z]{2,6} [0-9]{3}$',
    '(yes|no|maybe)',
    '\\d{4}-\\d{2}-\\d{2}',
    '[a-f0-9]{8}(-[a-f0-9]{4}){3}',
  ])('structured_outputs.regex %s is fully matched', async (pattern) => {
    for (const seed of [1, 2, 3]) {
      const { json } = await chat({ seed, structured_outputs: { regex: pattern } });
      const text = json.choices[0].message.content as string;
      expect(text).toMatch(new RegExp(`^(?:${pattern})$`));
    }
  });

  it('structured_outputs.choice picks one of the choices', async () => {
    const choices = ['positive', 'negative', 'neutral'];
    const seen = new Set<string>();
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const { json } = await chat({ seed, structured_outputs: { choice: choices } });
      expect(choices).toContain(json.choices[0].message.content);
      seen.add(json.choices[0].message.content);
    }
    expect(seen.size).toBeGreaterThan(1);
  });

  it('rejects two structured-output constraints at once', async () => {
    const { status } = await chat({ structured_outputs: { regex: 'a', choice: ['a'] } });
    expect(status).toBe(400);
  });

  it('stop strings cut the text and set stop_reason', async () => {
    const base = await chat({ seed: 3, max_tokens: 40, ignore_eos: true });
    const text = base.json.choices[0].message.content as string;
    const words = text.split(' ');
    const stop = ` ${words[4]}`;
    const { json } = await chat({ seed: 3, max_tokens: 40, ignore_eos: true, stop: [stop] });
    expect(json.choices[0].finish_reason).toBe('stop');
    expect(json.choices[0].stop_reason).toBe(stop);
    expect(json.choices[0].message.content).toBe(text.slice(0, text.indexOf(stop)));
    const included = await chat({
      seed: 3,
      max_tokens: 40,
      ignore_eos: true,
      stop: [stop],
      include_stop_str_in_output: true,
    });
    expect(included.json.choices[0].message.content).toBe(text.slice(0, text.indexOf(stop) + stop.length));
  });

  it('ignore_eos generates exactly max_tokens; min_tokens delays EOS', async () => {
    const { json } = await chat({ max_tokens: 300, ignore_eos: true });
    expect(json.usage.completion_tokens).toBe(300);
    expect(json.choices[0].finish_reason).toBe('length');
    const natural = await chat({ seed: 9 });
    const natLen = natural.json.usage.completion_tokens as number;
    const min = await chat({ seed: 9, min_tokens: natLen + 10, max_tokens: natLen + 50 });
    expect(min.json.usage.completion_tokens).toBeGreaterThanOrEqual(natLen + 10);
  });

  it('stop_token_ids end the sequence with the id as stop_reason', async () => {
    const first = await chat({ seed: 4, max_tokens: 10, return_token_ids: true });
    const ids = first.json.choices[0].token_ids as number[];
    const { json } = await chat({ seed: 4, max_tokens: 10, stop_token_ids: [ids[2]] });
    expect(json.choices[0].stop_reason).toBe(ids[2]);
    expect(json.usage.completion_tokens).toBe(3);
  });

  it('n returns n distinct choices and counts all tokens', async () => {
    const { json } = await chat({ n: 3, max_tokens: 8 });
    expect(json.choices.map((choice: Json) => choice.index)).toEqual([0, 1, 2]);
    expect(new Set(json.choices.map((choice: Json) => choice.message.content)).size).toBe(3);
    expect(json.usage.completion_tokens).toBe(24);
  });

  it('returns chat logprobs in vLLM shape', async () => {
    const { json } = await chat({ max_tokens: 3, logprobs: true, top_logprobs: 2 });
    const entries = json.choices[0].logprobs.content as Json[];
    expect(entries).toHaveLength(3);
    expect(Object.keys(entries[0])).toEqual(['token', 'logprob', 'bytes', 'top_logprobs']);
    expect(entries[0].top_logprobs).toHaveLength(2);
    expect(entries[0].logprob).toBeLessThanOrEqual(0);
  });

  it('top logprobs form a probability distribution: decreasing, sampled token first, summing to at most 1', async () => {
    const { json } = await chat({ max_tokens: 20, logprobs: true, top_logprobs: 5 });
    for (const entry of json.choices[0].logprobs.content as Json[]) {
      const alternatives = entry.top_logprobs as Json[];
      expect(alternatives[0].logprob).toBe(entry.logprob);
      const logprobs = alternatives.map((alternative) => alternative.logprob as number);
      expect([...logprobs].sort((a, b) => b - a)).toEqual(logprobs);
      const total = logprobs.reduce((sum, logprob) => sum + Math.exp(logprob), 0);
      expect(total).toBeLessThanOrEqual(1 + 1e-9);
    }
  });

  it('rejects top_logprobs without logprobs and above --max-logprobs', async () => {
    expect((await chat({ top_logprobs: 2 })).status).toBe(400);
    const tooMany = await chat({ logprobs: true, top_logprobs: 21 });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.error.message).toContain('max allowed: 20');
  });

  it('returns legacy completions logprobs and echo', async () => {
    const { json } = await postJson(`${emulator.baseURL}/completions`, {
      prompt: 'Hello',
      max_tokens: 3,
      logprobs: 2,
      echo: true,
    });
    const choice = json.choices[0];
    expect(choice.text.startsWith('Hello')).toBe(true);
    expect(Object.keys(choice.logprobs)).toEqual(['text_offset', 'token_logprobs', 'tokens', 'top_logprobs']);
    expect(choice.logprobs.tokens).toHaveLength(3);
    expect(Object.keys(choice.logprobs.top_logprobs[0])).toHaveLength(2);
  });

  it('makes schema-valid tool calls and finishes with tool_calls (auto)', async () => {
    const parameters = {
      type: 'object',
      properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['C', 'F'] } },
      required: ['city', 'unit'],
      additionalProperties: false,
    };
    const tools = [{ type: 'function', function: { name: 'get_weather', parameters } }];
    const { json } = await chat({ tools });
    const choice = json.choices[0];
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    const [call] = choice.message.tool_calls;
    expect(call.id).toMatch(/^chatcmpl-tool-[0-9a-f]{32}$/);
    expect(call.type).toBe('function');
    expect(call.function.name).toBe('get_weather');
    expect(ajv.validate(parameters, JSON.parse(call.function.arguments))).toBe(true);
    const afterTool = await chat({
      tools,
      messages: [
        ...userMessage('Weather?'),
        { role: 'assistant', content: null, tool_calls: [call] },
        { role: 'tool', tool_call_id: call.id, content: '{"temp": 20}' },
      ],
    });
    expect(afterTool.json.choices[0].finish_reason).toBe('stop');
    expect(typeof afterTool.json.choices[0].message.content).toBe('string');
  });

  it('streams tool calls as id/name then argument deltas', async () => {
    const parameters = { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] };
    const chunks = chunksOf(
      await postStream(`${emulator.baseURL}/chat/completions`, {
        messages: userMessage('search'),
        stream: true,
        tools: [{ type: 'function', function: { name: 'search', parameters } }],
      }),
    );
    const toolDeltas = chunks.flatMap((chunk) => chunk.choices[0]?.delta?.tool_calls ?? []);
    expect(toolDeltas[0]).toMatchObject({ index: 0, type: 'function', function: { name: 'search' } });
    expect(toolDeltas[0].id).toMatch(/^chatcmpl-tool-/);
    const args = toolDeltas
      .slice(1)
      .map((delta: Json) => delta.function.arguments)
      .join('');
    expect(ajv.validate(parameters, JSON.parse(args))).toBe(true);
    expect(chunks.at(-1)?.choices[0].finish_reason).toBe('tool_calls');
  });

  it('named tool_choice finishes with stop', async () => {
    const tools = [
      { type: 'function', function: { name: 'f', parameters: { type: 'object', properties: {} } } },
    ];
    const { json } = await chat({ tools, tool_choice: { type: 'function', function: { name: 'f' } } });
    expect(json.choices[0].finish_reason).toBe('stop');
    expect(json.choices[0].message.tool_calls[0].function.name).toBe('f');
    const mismatch = await chat({ tools, tool_choice: { type: 'function', function: { name: 'g' } } });
    expect(mismatch.status).toBe(400);
  });

  it('uses the scripted reply when given', async () => {
    await using scripted = await startVllmEmulator({
      reply: ({ choiceIndex }) => `Scripted answer ${choiceIndex}.`,
    });
    const { json } = await postJson(`${scripted.baseURL}/chat/completions`, {
      messages: userMessage('x'),
      n: 2,
    });
    expect(json.choices.map((choice: Json) => choice.message.content)).toEqual([
      'Scripted answer 0.',
      'Scripted answer 1.',
    ]);
  });
});

describe('emulator: reasoning parser', () => {
  it('splits reasoning from content (latest: reasoning only) and counts reasoning tokens', async () => {
    await using emulator = await startVllmEmulator({ reasoningParser: 'qwen3' });
    const { json } = await postJson(`${emulator.baseURL}/chat/completions`, {
      messages: userMessage('Why?'),
      seed: 2,
    });
    const message = json.choices[0].message;
    expect(typeof message.reasoning).toBe('string');
    expect(message.reasoning.length).toBeGreaterThan(0);
    expect(message).not.toHaveProperty('reasoning_content');
    expect(typeof message.content).toBe('string');
    expect(json.usage.completion_tokens_details.reasoning_tokens).toBeGreaterThan(0);
    const off = await postJson(`${emulator.baseURL}/chat/completions`, {
      messages: userMessage('Why?'),
      chat_template_kwargs: { enable_thinking: false },
    });
    expect(off.json.choices[0].message.reasoning).toBeNull();
  });

  it.each([
    ['0.10', ['reasoning_content']],
    ['0.12', ['reasoning', 'reasoning_content']],
  ] as const)('profile %s streams reasoning in %j', async (version, fields) => {
    await using emulator = await startVllmEmulator({ reasoningParser: 'deepseek_r1', version });
    const chunks = chunksOf(
      await postStream(`${emulator.baseURL}/chat/completions`, {
        messages: userMessage('Why?'),
        stream: true,
      }),
    );
    const reasoningChunk = chunks.find((chunk) => chunk.choices[0]?.delta?.[fields[0]]);
    expect(reasoningChunk).toBeDefined();
    for (const field of fields) expect(typeof reasoningChunk?.choices[0].delta[field]).toBe('string');
    expect(
      chunks.some(
        (chunk) =>
          typeof chunk.choices[0]?.delta?.content === 'string' && chunk.choices[0].delta.content !== '',
      ),
    ).toBe(true);
  });
});
