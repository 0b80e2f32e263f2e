import { describe, expect, it } from 'vitest';
import { startVllmEmulator, type VllmEmulatorVersion } from '../../src/testing/index';
import { type Json, postJson } from './helpers';

const withParts = (...parts: unknown[]) => [
  { role: 'user', content: [{ type: 'text', text: 'hi' }, ...parts] },
];
/** The error object of either envelope (the flat one without its `object` key). */
function errorOf(version: VllmEmulatorVersion, json: Json): Json {
  if (version !== '0.10') return json.error;
  expect(json.object).toBe('error');
  const { object: _object, ...info } = json;
  return info;
}
const OLD: VllmEmulatorVersion[] = ['0.10', '0.11', '0.12', '0.13'];

describe('emulator: chat content parts vLLM refuses', () => {
  it.each(OLD)(
    '%s: a `file` part is "Unknown part type" (400 on chat, 501 on /tokenize)',
    async (version) => {
      await using emulator = await startVllmEmulator({ version });
      const messages = withParts({ type: 'file', file: { file_data: 'data:text/plain;base64,aGk=' } });
      const chat = await postJson(`${emulator.baseURL}/chat/completions`, { messages });
      expect(chat.status).toBe(400);
      const info = {
        message: 'Unknown part type: file None',
        type: 'BadRequestError',
        param: null,
        code: 400,
      };
      expect(chat.json).toEqual(version === '0.10' ? { object: 'error', ...info } : { error: info });
      const tokenize = await postJson(`${emulator.url}/tokenize`, { messages });
      expect(tokenize.status).toBe(501);
      expect(errorOf(version, tokenize.json)).toEqual({
        message: 'Unknown part type: file',
        type: 'Not Implemented',
        param: null,
        code: 501,
      });
    },
  );

  it('latest: a `file` part is a VLLMValidationError naming the supported types, param "type"', async () => {
    await using emulator = await startVllmEmulator();
    const messages = withParts({ type: 'file', file: { file_id: 'f' } });
    for (const url of [`${emulator.baseURL}/chat/completions`, `${emulator.url}/tokenize`]) {
      const { status, json } = await postJson(url, { messages, stream: url.endsWith('completions') });
      expect(status).toBe(400);
      expect(json.error).toEqual({
        message:
          "Unsupported chat content part type: 'file'. Supported types: audio_embeds, audio_url, image_embeds, image_pil, image_url, input_audio, input_image, input_text, output_text, prompt_embeds, refusal, text, thinking, tool_reference, video_url. (parameter=type, value=file)",
        type: 'BadRequestError',
        param: 'type',
        code: 400,
      });
    }
  });

  it('latest: a `prompt_embeds` part without --enable-prompt-embeds is a VLLMValidationError, param "prompt_embeds"', async () => {
    await using emulator = await startVllmEmulator();
    const { status, json } = await postJson(`${emulator.baseURL}/chat/completions`, {
      messages: withParts({ type: 'prompt_embeds', data: 'AAAA' }),
    });
    expect(status).toBe(400);
    expect(json.error).toEqual({
      message: 'You must set `--enable-prompt-embeds` to input `prompt_embeds` (parameter=prompt_embeds)',
      type: 'BadRequestError',
      param: 'prompt_embeds',
      code: 400,
    });
  });

  it.each([...OLD, 'latest'] as VllmEmulatorVersion[])(
    '%s: a made-up part type fails pydantic on the lazy OpenAI iterable (ValidatorIterator)',
    async (version) => {
      await using emulator = await startVllmEmulator({ version });
      const { status, json } = await postJson(`${emulator.baseURL}/chat/completions`, {
        messages: withParts({ type: 'sticker', text: 'x' }),
      });
      expect(status).toBe(400);
      const error = errorOf(version, json);
      expect(error.type).toBe('BadRequestError');
      const lines = (error.message as string).split('\n');
      expect(lines[0]).toBe('7 validation errors for ValidatorIterator');
      expect(lines[1]).toBe('1.ChatCompletionContentPartTextParam.type');
      expect(lines[2]).toBe(
        "  Input should be 'text' [type=literal_error, input_value='sticker', input_type=str]",
      );
      expect(lines[4]).toBe('1.ChatCompletionContentPartImageParam.image_url');
      expect(lines[5]).toBe(
        "  Field required [type=missing, input_value={'type': 'sticker', 'text': 'x'}, input_type=dict]",
      );
      expect(lines.at(-3)).toBe('1.File.type');
      expect((error.message as string).endsWith(' None')).toBe(version !== 'latest');
    },
  );

  it('an assistant message refuses made-up parts against text/refusal only, and truncates long inputs', async () => {
    await using emulator = await startVllmEmulator();
    const long = { type: 'output_text', text: 'a fairly long piece of assistant output text' };
    const { json } = await postJson(`${emulator.baseURL}/chat/completions`, {
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: [long] },
      ],
    });
    expect(json.error.message).toBe(
      [
        '3 validation errors for ValidatorIterator',
        '0.ChatCompletionContentPartTextParam.type',
        "  Input should be 'text' [type=literal_error, input_value='output_text', input_type=str]",
        '    For further information visit https://errors.pydantic.dev/2.12/v/literal_error',
        '0.ChatCompletionContentPartRefusalParam.refusal',
        "  Field required [type=missing, input_value={'type': 'output_text', '... assistant output text'}, input_type=dict]",
        '    For further information visit https://errors.pydantic.dev/2.12/v/missing',
        '0.ChatCompletionContentPartRefusalParam.type',
        "  Input should be 'refusal' [type=literal_error, input_value='output_text', input_type=str]",
        '    For further information visit https://errors.pydantic.dev/2.12/v/literal_error',
      ].join('\n'),
    );
  });

  it.each([
    ['0.10', 'Qwen/Qwen3-0.6B is not a multimodal model None'],
    ['0.13', 'Qwen/Qwen3-0.6B is not a multimodal model None'],
    ['latest', 'qwen is not a multimodal model'],
  ] as const)('%s: media for a text-only model is a 400 naming the model', async (version, message) => {
    await using emulator = await startVllmEmulator({ version, servedModelName: 'qwen' });
    for (const part of [
      { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
      { type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } },
      { type: 'video_url', video_url: { url: 'https://example.com/a.mp4' } },
      { image_url: 'https://example.com/cat.png' },
    ]) {
      const { status, json } = await postJson(`${emulator.baseURL}/chat/completions`, {
        messages: withParts(part),
      });
      expect(status).toBe(400);
      expect(errorOf(version, json)).toEqual({ message, type: 'BadRequestError', param: null, code: 400 });
    }
  });

  it('embeds parts check the multimodal config first from 0.12 on', async () => {
    await using emulator = await startVllmEmulator({ version: '0.13' });
    const { json } = await postJson(`${emulator.baseURL}/chat/completions`, {
      messages: withParts({ type: 'image_embeds', image_embeds: 'AAAA' }),
    });
    expect(json.error.message).toBe('The model is not multimodal. None');
  });

  it('accepts text, refusal and thinking parts and plain strings inside the list', async () => {
    await using emulator = await startVllmEmulator();
    const { status } = await postJson(`${emulator.baseURL}/chat/completions`, {
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'a' }, 'b'] },
        { role: 'assistant', content: [{ type: 'refusal', refusal: 'no' }] },
        { role: 'user', content: [{ type: 'thinking', thinking: 'hm' }] },
      ],
      max_tokens: 2,
    });
    expect(status).toBe(200);
  });
});
