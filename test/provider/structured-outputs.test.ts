import { generateText, Output } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
import { createVllm } from '../../src';
import { createMockFetch, jsonResponse } from '../helpers/mock-fetch';
import { chatBody } from './fixtures/vllm-shapes';
import { baseURL, sendChat, sendCompletion } from './helpers';

const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };

describe('structuredOutputs per vLLM version', () => {
  it.each(['0.11.0', '0.12.0', '0.13.0', 'latest'])('vLLM %s: structured_outputs', async (version) => {
    const { body } = await sendChat(
      { structuredOutputs: { json: schema, disableAnyWhitespace: true, whitespacePattern: '[ ]?' } },
      { version },
    );
    expect(body.structured_outputs).toEqual({
      json: schema,
      disable_any_whitespace: true,
      whitespace_pattern: '[ ]?',
    });
    expect(Object.keys(body).filter((field) => field.startsWith('guided_'))).toEqual([]);
  });

  it('vLLM 0.10: guided_* fields', async () => {
    const { body } = await sendChat(
      { structuredOutputs: { json: schema, whitespacePattern: '[ ]?' } },
      { version: '0.10.0' },
    );
    expect(body).toMatchObject({ guided_json: schema, guided_whitespace_pattern: '[ ]?' });
    expect(body).not.toHaveProperty('structured_outputs');
  });

  it.each([
    ['regex', '\\d{3}', 'regex', 'guided_regex'],
    ['choice', ['yes', 'no'], 'choice', 'guided_choice'],
    ['grammar', 'root ::= "a"', 'grammar', 'guided_grammar'],
  ] as const)('%s: structured_outputs.%s (new) / %s (0.10)', async (constraint, value, field, guided) => {
    expect((await sendChat({ structuredOutputs: { [constraint]: value } })).body.structured_outputs).toEqual({
      [field]: value,
    });
    expect(
      (await sendChat({ structuredOutputs: { [constraint]: value } }, { version: '0.10.2' })).body[guided],
    ).toEqual(value);
  });

  it('jsonObject: json_object (new) / response_format json_object (0.10)', async () => {
    expect((await sendChat({ structuredOutputs: { jsonObject: true } })).body.structured_outputs).toEqual({
      json_object: true,
    });
    expect(
      (await sendChat({ structuredOutputs: { jsonObject: true } }, { version: '0.10.0' })).body
        .response_format,
    ).toEqual({
      type: 'json_object',
    });
  });

  it('structuralTag is sent JSON-encoded (chat 0.10: top-level structural_tag)', async () => {
    const tag = { type: 'structural_tag', format: { type: 'const_string', value: 'x' } };
    expect((await sendChat({ structuredOutputs: { structuralTag: tag } })).body.structured_outputs).toEqual({
      structural_tag: JSON.stringify(tag),
    });
    expect(
      (await sendChat({ structuredOutputs: { structuralTag: tag } }, { version: '0.10.0' })).body
        .structural_tag,
    ).toBe(JSON.stringify(tag));
  });

  it('options vLLM 0.10 only takes as server flags are not sent, with a warning', async () => {
    const { body, result } = await sendChat(
      { structuredOutputs: { regex: 'a+', disableAnyWhitespace: true } },
      { version: '0.10.0' },
    );
    expect(body).toEqual(expect.not.objectContaining({ disable_any_whitespace: expect.anything() }));
    expect(result.warnings).toEqual([
      expect.objectContaining({
        type: 'unsupported',
        feature: 'providerOptions.vllm.structuredOutputs.disableAnyWhitespace',
      }),
    ]);
  });

  it('the guided* aliases map to the version', async () => {
    expect((await sendChat({ guidedChoice: ['a', 'b'] })).body.structured_outputs).toEqual({
      choice: ['a', 'b'],
    });
    expect(
      (await sendChat({ guidedRegex: 'a+', guidedWhitespacePattern: ' ' }, { version: '0.10.0' })).body,
    ).toMatchObject({
      guided_regex: 'a+',
      guided_whitespace_pattern: ' ',
    });
  });

  it('guidedDecodingBackend is a server setting: warning, not sent', async () => {
    const { body, result } = await sendChat(
      { guidedJson: schema, guidedDecodingBackend: 'outlines' },
      { version: '0.10.0' },
    );
    expect(body).not.toHaveProperty('guided_decoding_backend');
    expect(result.warnings).toEqual([
      expect.objectContaining({
        details: expect.stringContaining('--structured-outputs-config.backend outlines'),
      }),
    ]);
  });

  it('rejects zero or several constraints, before any request', async () => {
    await expect(sendChat({ structuredOutputs: {} })).rejects.toThrow(
      /structuredOutputs: set exactly one of json, regex/,
    );
    await expect(sendChat({ structuredOutputs: { regex: 'a', choice: ['a'] } })).rejects.toThrow(
      /exactly one/,
    );
    await expect(sendChat({ structuredOutputs: { regex: 'a' }, guidedChoice: ['a'] })).rejects.toThrow(
      /structuredOutputs and guidedChoice are two structured-output constraints/,
    );
    await expect(
      sendChat({ guidedRegex: 'a' }, { output: Output.object({ schema: z.object({ a: z.string() }) }) }),
    ).rejects.toThrow(/two structured-output constraints/);
  });

  it('Output.object through generateText: response_format json_schema, parsed and checked', async () => {
    const { fetch, requests } = createMockFetch(() =>
      jsonResponse(chatBody([{ message: { content: '{"city":"Oslo"}' } }])),
    );
    const { output } = await generateText({
      model: createVllm({ baseURL, fetch, vllmVersion: '0.10.0' })('m'),
      output: Output.object({ schema: z.object({ city: z.string() }) }),
      prompt: 'Capital of Norway?',
    });
    expect(output).toEqual({ city: 'Oslo' });
    expect(requests[0].body?.response_format).toMatchObject({
      type: 'json_schema',
      json_schema: { name: 'response' },
    });
  });
});

describe('structured outputs on the completion model', () => {
  it('structured_outputs (new) / guided_* (0.10)', async () => {
    expect(
      (await sendCompletion({ structuredOutputs: { choice: ['a', 'b'] } })).body.structured_outputs,
    ).toEqual({
      choice: ['a', 'b'],
    });
    expect((await sendCompletion({ guidedRegex: '\\d+' }, { version: '0.10.0' })).body.guided_regex).toBe(
      '\\d+',
    );
  });

  it('Output.object: sent as response_format json_schema instead of being dropped', async () => {
    const { body, result } = await sendCompletion(undefined, {
      output: Output.object({ schema: z.object({ n: z.number() }) }),
      response: { ...(await import('./fixtures/vllm-shapes')).completionBody([{ text: '{"n":1}' }]) },
    });
    expect(body.response_format).toMatchObject({
      type: 'json_schema',
      json_schema: { name: 'response', schema: { type: 'object' } },
    });
    expect(result.output).toEqual({ n: 1 });
    expect(result.warnings).toEqual([]);
  });
});
