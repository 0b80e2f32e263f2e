import { APICallError } from '@ai-sdk/provider';
import { generateText, streamText, tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
import { createVllm } from '../../src';
import { createMockFetch, jsonResponse, type RecordedRequest } from '../helpers/mock-fetch';
import { baseURL } from './helpers';

// vLLM's well-known 400/404s become messages users can act on, as APICallErrors with vLLM's
// status, body and retryability.

const nested = (message: string, code = 400, param: string | null = null) => ({
  error: { message, type: code === 404 ? 'NotFoundError' : 'BadRequestError', param, code },
});

async function failWith(
  handler: (request: RecordedRequest) => Response,
  settings: Record<string, unknown> = {},
): Promise<APICallError> {
  const { fetch } = createMockFetch(handler);
  const error = await generateText({
    model: createVllm({ baseURL, fetch, vllmVersion: 'latest' })('Qwen/Qwen3-8B'),
    prompt: 'Hi',
    maxRetries: 0,
    ...settings,
  }).catch((e: unknown) => e);
  expect(APICallError.isInstance(error)).toBe(true);
  return error as APICallError;
}

const tools = { lookup: tool({ inputSchema: z.object({ q: z.string() }) }) };

describe('actionable vLLM errors', () => {
  it('tools on a server without --enable-auto-tool-choice --tool-call-parser', async () => {
    const vllmMessage =
      '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set';
    const error = await failWith(() => jsonResponse(nested(vllmMessage), 400), { tools });
    expect(error.message).toContain(vllmMessage);
    expect(error.message).toContain('start it with --enable-auto-tool-choice --tool-call-parser <parser>');
    expect(error.message).toContain('hermes');
    expect(error).toMatchObject({ statusCode: 400, isRetryable: false });
  });

  it('tool_choice "required" on newer servers, and the flat envelope of vLLM 0.10.0', async () => {
    const required = await failWith(
      () => jsonResponse(nested('tool_choice="required" requires --tool-call-parser to be set'), 400),
      {
        tools,
        toolChoice: 'required',
      },
    );
    expect(required.message).toMatch(/--enable-auto-tool-choice --tool-call-parser <parser>/);
    const flat = await failWith(
      () =>
        jsonResponse(
          {
            object: 'error',
            message: '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set',
            type: 'BadRequestError',
            param: null,
            code: 400,
          },
          400,
        ),
      { tools },
    );
    expect(flat.message).toMatch(/start it with --enable-auto-tool-choice/);
  });

  it('unknown model: lists the served names from GET /v1/models', async () => {
    const handler = (request: RecordedRequest) =>
      request.url.endsWith('/v1/models')
        ? jsonResponse({
            object: 'list',
            data: [
              { id: 'qwen3', object: 'model', root: 'Qwen/Qwen3-8B', parent: null, max_model_len: 40960 },
              {
                id: 'sql-lora',
                object: 'model',
                root: '/adapters/sql',
                parent: 'qwen3',
                max_model_len: null,
              },
            ],
          })
        : jsonResponse(nested('The model `Qwen/Qwen3-8B` does not exist.', 404, 'model'), 404);
    const error = await failWith(handler);
    expect(error.message).toBe(
      'The model `Qwen/Qwen3-8B` does not exist. The server at http://vllm.test/v1 serves: qwen3, sql-lora (LoRA adapter on qwen3). ' +
        'Use one of these names (the --served-model-name, or a loaded LoRA adapter via providerOptions.vllm.loraAdapter).',
    );
    expect(error).toMatchObject({ statusCode: 404, isRetryable: false });
    expect(error.responseBody).toContain('does not exist');

    const { fetch } = createMockFetch(handler);
    const errors: unknown[] = [];
    const result = streamText({
      model: createVllm({ baseURL, fetch })('Qwen/Qwen3-8B'),
      prompt: 'Hi',
      maxRetries: 0,
      onError: ({ error: streamError }) => {
        errors.push(streamError);
      },
    });
    await result.consumeStream();
    expect(APICallError.isInstance(errors[0])).toBe(true);
    expect((errors[0] as Error).message).toMatch(/serves: qwen3, sql-lora/);
  });

  it('unknown model when /v1/models cannot be read: vLLM message plus the hint', async () => {
    const error = await failWith(() =>
      jsonResponse(nested('The model `x` does not exist.', 404, 'model'), 404),
    );
    expect(error.message).toBe(
      'The model `x` does not exist. Use a name the server serves (GET /v1/models: its --served-model-name or a loaded LoRA adapter).',
    );
  });

  it("context length exceeded keeps vLLM's numbers", async () => {
    const vllmMessage =
      "This model's maximum context length is 4096 tokens. However, you requested 5000 output tokens and your prompt contains 12 input tokens, for a total of 5012 tokens. Please reduce the length of the input prompt or the number of requested output tokens.";
    const error = await failWith(() => jsonResponse(nested(vllmMessage, 400, 'input_tokens'), 400));
    expect(error.message.startsWith(vllmMessage)).toBe(true);
    expect(error.message).toContain('truncatePromptTokens');
    expect(error.isRetryable).toBe(false);
  });

  it.each([
    'Failed to transform regex into a grammar: unbalanced parenthesis',
    'The provided JSON schema contains features not supported by xgrammar.',
    'Invalid grammar specification.',
  ])('invalid constraint: %s', async (vllmMessage) => {
    const error = await failWith(() => jsonResponse(nested(vllmMessage), 400), {
      providerOptions: { vllm: { guidedRegex: '(' } },
    });
    expect(error.message.startsWith(vllmMessage)).toBe(true);
    expect(error.message).toContain('structured-output backend rejected the constraint');
  });

  it('other errors are unchanged and keep their retryability', async () => {
    const error = await failWith(() => jsonResponse(nested('engine overloaded', 503), 503));
    expect(error).toMatchObject({ message: 'engine overloaded', statusCode: 503, isRetryable: true });
  });
  it('an empty message (500 InternalServerError on gpt-oss) becomes status, type and where to look', async () => {
    const body = { error: { message: '', type: 'InternalServerError', param: null, code: 500 } };
    const expected =
      'vLLM answered 500 InternalServerError with an empty error message; the cause is in the vLLM server log (the traceback logged for this request).';
    const generated = await failWith(() => jsonResponse(body, 500));
    expect(generated).toMatchObject({ message: expected, statusCode: 500, isRetryable: true });
    const { fetch } = createMockFetch(() => jsonResponse(body, 500));
    const stream = streamText({
      model: createVllm({ baseURL, fetch, vllmVersion: 'latest' })('Qwen/Qwen3-8B'),
      prompt: 'Hi',
      maxRetries: 0,
    });
    let streamed: unknown;
    for await (const part of stream.fullStream) if (part.type === 'error') streamed = part.error;
    expect(streamed).toMatchObject({ message: expected, statusCode: 500 });
    const flat = await failWith(() =>
      jsonResponse(
        { object: 'error', message: ' ', type: 'InternalServerError', param: null, code: 500 },
        500,
      ),
    );
    expect(flat.message).toBe(expected);
  });
});
