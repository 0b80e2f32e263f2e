import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { APICallError } from '@ai-sdk/provider';
import { embed, generateText, rerank, streamText, experimental_transcribe as transcribe } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVllm, createVllmClient, generateBatch } from '../../src';
import { startVllmEmulator, type VllmEmulator } from '../../src/testing';

// The first mistakes of a new user, against real HTTP (the emulator answers unknown paths with
// FastAPI's `{"detail":"Not Found"}` and unknown models with vLLM's 404, like vLLM): a wrong baseURL
// and a wrong model name get a message naming the URL / the served names and the fix, for every
// model kind and the server client — and `streamText` users see it on `await result.text`.

let chat: VllmEmulator;
let pooling: VllmEmulator;
let reranker: VllmEmulator;
let keyed: VllmEmulator;

beforeAll(async () => {
  [chat, pooling, reranker, keyed] = await Promise.all([
    startVllmEmulator({ model: 'Qwen/Qwen3-8B' }),
    startVllmEmulator({ model: 'BAAI/bge-m3', runner: 'pooling' }),
    startVllmEmulator({ model: 'BAAI/bge-reranker-v2-m3', runner: 'pooling' }),
    startVllmEmulator({ model: 'Qwen/Qwen3-8B', apiKey: 'secret-key' }),
  ]);
});

afterAll(async () => {
  await Promise.all([chat, pooling, reranker, keyed].map((emulator) => emulator?.close()));
});

async function failure(call: PromiseLike<unknown>): Promise<Error> {
  try {
    await call;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

/** `rerank()` with the reranker's name on `provider`. */
const rerankOn = (provider: ReturnType<typeof createVllm>) =>
  rerank({
    model: provider.rerankingModel('BAAI/bge-reranker-v2-m3'),
    query: 'q',
    documents: ['a'],
    maxRetries: 0,
  });

/** The three wrong shapes of issue 18, from the server's real OpenAI root (`…/v1`). */
const wrongShapes = (root: string) => {
  const origin = root.replace(/\/v1$/, '');
  return [
    ['without /v1', origin],
    ['with a typo (/vl)', `${origin}/vl`],
    ['ending in /v1/chat/completions', `${root}/chat/completions`],
  ] as const;
};

function expectWrongBaseURL(error: Error, requested: string, root: string, baseURL: string) {
  expect(APICallError.isInstance(error), error.message).toBe(true);
  expect((error as APICallError).statusCode).toBe(404);
  expect((error as APICallError).isRetryable).toBe(false);
  expect(error.message).toContain(`${requested} answered HTTP 404 Not Found`);
  expect(error.message).toContain(`The server has no route POST ${new URL(requested).pathname}`);
  expect(error.message).toContain("baseURL must be the vLLM server's OpenAI-compatible root, including /v1");
  expect(error.message).toContain(`it is ${baseURL}.`);
  expect(error.message).toContain(`set baseURL (or VLLM_BASE_URL) to '${root}'`);
}

describe('a wrong baseURL: the URL requested, "no such route", and the right baseURL', () => {
  for (const [shape, at] of [
    ['without /v1', 0],
    ['with a typo (/vl)', 1],
    ['ending in /v1/chat/completions', 2],
  ] as const) {
    describe(shape, () => {
      const base = (emulator: VllmEmulator) => wrongShapes(emulator.baseURL)[at][1];

      it('generateText (chat)', async () => {
        const vllm = createVllm({ baseURL: base(chat) });
        const error = await failure(
          generateText({ model: vllm('Qwen/Qwen3-8B'), prompt: 'Hi', maxRetries: 0 }),
        );
        expectWrongBaseURL(error, `${base(chat)}/chat/completions`, chat.baseURL, base(chat));
        expect(error.message).toContain('It serves: Qwen/Qwen3-8B.');
      });

      it('streamText (chat): `await result.text` rejects with the message, not a bare NoOutputGeneratedError', async () => {
        const vllm = createVllm({ baseURL: base(chat) });
        const streamErrors: unknown[] = [];
        const result = streamText({
          model: vllm('Qwen/Qwen3-8B'),
          prompt: 'Hi',
          maxRetries: 0,
          onError: ({ error }) => {
            streamErrors.push(error);
          },
        });
        const error = await failure(result.text);
        expectWrongBaseURL(error, `${base(chat)}/chat/completions`, chat.baseURL, base(chat));
        // onError sees the same APICallError.
        expect(streamErrors).toEqual([error]);
      });

      it('generateText and streamText (completion)', async () => {
        const vllm = createVllm({ baseURL: base(chat) });
        const model = vllm.completionModel('Qwen/Qwen3-8B');
        const generated = await failure(
          generateText({ model, prompt: 'Hi', maxOutputTokens: 4, maxRetries: 0 }),
        );
        expectWrongBaseURL(generated, `${base(chat)}/completions`, chat.baseURL, base(chat));
        const streamed = await failure(
          streamText({ model, prompt: 'Hi', maxOutputTokens: 4, maxRetries: 0, onError: () => {} }).text,
        );
        expectWrongBaseURL(streamed, `${base(chat)}/completions`, chat.baseURL, base(chat));
      });

      it('embed', async () => {
        const vllm = createVllm({ baseURL: base(pooling) });
        const error = await failure(
          embed({ model: vllm.embeddingModel('BAAI/bge-m3'), value: 'x', maxRetries: 0 }),
        );
        expectWrongBaseURL(error, `${base(pooling)}/embeddings`, pooling.baseURL, base(pooling));
        expect(error.message).toContain('It serves: BAAI/bge-m3.');
      });

      it('the server client', async () => {
        const client = createVllmClient({ baseURL: base(chat) });
        const error = await failure(client.models());
        expect(error.message).toContain(`${base(chat)}/models answered HTTP 404 Not Found`);
        expect(error.message).toContain(`set baseURL (or VLLM_BASE_URL) to '${chat.baseURL}'`);
        expect((error as APICallError).data).toMatchObject({
          reason: 'wrong-base-url',
          endpoint: 'GET /v1/models',
        });
      });
    });
  }

  it('rerank (at the server root: a typo in the path still breaks it)', async () => {
    const vllm = createVllm({ baseURL: `${reranker.baseURL.replace(/\/v1$/, '')}/vl` });
    const error = await failure(rerankOn(vllm));
    expect(error.message).toContain(
      `${reranker.baseURL.replace(/\/v1$/, '')}/vl/rerank answered HTTP 404 Not Found`,
    );
    expect(error.message).toContain(`set baseURL (or VLLM_BASE_URL) to '${reranker.baseURL}'`);
  });

  it('finds the root behind --api-key (the probe sends the key)', async () => {
    const vllm = createVllm({ baseURL: keyed.baseURL.replace(/\/v1$/, ''), apiKey: 'secret-key' });
    const error = await failure(generateText({ model: vllm('Qwen/Qwen3-8B'), prompt: 'Hi', maxRetries: 0 }));
    expect(error.message).toContain(`set baseURL (or VLLM_BASE_URL) to '${keyed.baseURL}'`);
    expect(error.message).not.toContain('secret-key');
  });

  it('says so when no vLLM answers under the base URL (a proxy, another server)', async () => {
    const server: Server = createServer((_request, response) => {
      response.writeHead(404, { 'content-type': 'text/html' }).end('<h1>404 Not Found</h1>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const vllm = createVllm({ baseURL: `http://127.0.0.1:${port}/vllm` });
      const error = await failure(generateText({ model: vllm('m'), prompt: 'Hi', maxRetries: 0 }));
      expect(error.message).toContain(
        `http://127.0.0.1:${port}/vllm/chat/completions answered HTTP 404 Not Found`,
      );
      expect(error.message).toContain(`e.g. http://127.0.0.1:${port}/v1`);
      expect(error.message).toContain(
        `No vLLM OpenAI API answered GET /models under http://127.0.0.1:${port}/vllm either`,
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('a right baseURL on a server without the endpoint: says the model does not serve it', async () => {
    const vllm = createVllm({ baseURL: chat.baseURL });
    const error = await failure(
      embed({ model: vllm.embeddingModel('BAAI/bge-m3'), value: 'x', maxRetries: 0 }),
    );
    expect(error.message).toContain(
      `The vLLM server at ${chat.baseURL} has no route POST /v1/embeddings (HTTP 404 Not Found for ${chat.baseURL}/embeddings): the base URL is right`,
    );
    expect(error.message).toContain('It serves: Qwen/Qwen3-8B.');
    expect(error.message).toContain('--runner pooling');

    const onPooling = createVllm({ baseURL: pooling.baseURL });
    const chatError = await failure(
      generateText({ model: onPooling('BAAI/bge-m3'), prompt: 'Hi', maxRetries: 0 }),
    );
    expect(chatError.message).toContain('this server runs a pooling model');
  });
});

describe('an unknown model name: every model kind lists what the server serves', () => {
  const served = (emulator: VllmEmulator, names: string) =>
    `The server at ${emulator.baseURL} serves: ${names}. Use one of these names`;

  it('chat: generateText and streamText', async () => {
    const vllm = createVllm({ baseURL: chat.baseURL });
    const generated = await failure(
      generateText({ model: vllm('Qwen/Qwen3-4B'), prompt: 'Hi', maxRetries: 0 }),
    );
    expect(generated.message).toContain('The model `Qwen/Qwen3-4B` does not exist.');
    expect(generated.message).toContain(served(chat, 'Qwen/Qwen3-8B'));
    const streamed = await failure(
      streamText({ model: vllm('Qwen/Qwen3-4B'), prompt: 'Hi', maxRetries: 0, onError: () => {} }).text,
    );
    expect(streamed.message).toBe(generated.message);
  });

  it('completion: generateText and streamText', async () => {
    const model = createVllm({ baseURL: chat.baseURL }).completionModel('qwen');
    const generated = await failure(generateText({ model, prompt: 'Hi', maxOutputTokens: 2, maxRetries: 0 }));
    expect(generated.message).toContain('The model `qwen` does not exist.');
    expect(generated.message).toContain(served(chat, 'Qwen/Qwen3-8B'));
    const streamed = await failure(
      streamText({ model, prompt: 'Hi', maxOutputTokens: 2, maxRetries: 0, onError: () => {} }).text,
    );
    expect(streamed.message).toBe(generated.message);
  });

  it('embedding', async () => {
    const vllm = createVllm({ baseURL: pooling.baseURL });
    const error = await failure(embed({ model: vllm.embeddingModel('bge-m3'), value: 'x', maxRetries: 0 }));
    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as APICallError).statusCode).toBe(404);
    expect(error.message).toContain('The model `bge-m3` does not exist.');
    expect(error.message).toContain(served(pooling, 'BAAI/bge-m3'));
  });

  it('reranking (the README mistake: a reranker asked of the embedding server)', async () => {
    const vllm = createVllm({ baseURL: pooling.baseURL });
    const error = await failure(rerankOn(vllm));
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/^The model `BAAI\/bge-reranker-v2-m3` does not exist\. /);
    expect(error.message).toContain(served(pooling, 'BAAI/bge-m3'));
  });

  it('the server client (tokenize, detokenize) and batch generation', async () => {
    const client = createVllmClient({ baseURL: chat.baseURL });
    for (const call of [
      client.tokenize('Hi', { model: 'nope' }),
      client.detokenize([1, 2], { model: 'nope' }),
    ]) {
      const error = await failure(call);
      expect(error.message).toMatch(/^The model `nope` does not exist\. /);
      expect(error.message).toContain(served(chat, 'Qwen/Qwen3-8B'));
      expect((error as APICallError).data).toMatchObject({ reason: 'model-not-found' });
    }
    // generateBatch per prompt (the completion model) and with prompt arrays (the server client's requester).
    for (const promptArray of [false, true]) {
      const { results } = await generateBatch({
        model: createVllm({ baseURL: chat.baseURL }).completionModel('nope'),
        prompts: ['a', 'b'],
        maxOutputTokens: 2,
        maxRetries: 0,
        promptArray,
      });
      const [first] = results;
      expect(first.ok, `promptArray: ${promptArray}`).toBe(false);
      const message = first.ok ? '' : (first.error as Error).message;
      expect(message).toContain('The model `nope` does not exist.');
      expect(message).toContain(served(chat, 'Qwen/Qwen3-8B'));
    }
  });
});

describe('the Responses and speech-to-text models give the same messages', () => {
  let whisper: VllmEmulator;
  const audio = readFileSync(join(import.meta.dirname, '../../examples/assets/speech.wav'));
  beforeAll(async () => {
    whisper = await startVllmEmulator({ model: 'openai/whisper-large-v3-turbo' });
  });
  afterAll(() => whisper?.close());

  it('a baseURL without /v1', async () => {
    const origin = (emulator: VllmEmulator) => emulator.baseURL.replace(/\/v1$/, '');
    const responses = await failure(
      generateText({
        model: createVllm({ baseURL: origin(chat) }).responses('Qwen/Qwen3-8B'),
        prompt: 'Hi',
        maxRetries: 0,
      }),
    );
    expect(responses.message).toContain(`${origin(chat)}/responses answered HTTP 404 Not Found`);
    expect(responses.message).toContain(`set baseURL (or VLLM_BASE_URL) to '${chat.baseURL}'`);
    const streamed = await failure(
      streamText({
        model: createVllm({ baseURL: origin(chat) }).responses('Qwen/Qwen3-8B'),
        prompt: 'Hi',
        maxRetries: 0,
        onError: () => {},
      }).text,
    );
    expect(streamed.message).toBe(responses.message);

    const transcription = await failure(
      transcribe({
        model: createVllm({ baseURL: origin(whisper) }).transcriptionModel('openai/whisper-large-v3-turbo'),
        audio,
        maxRetries: 0,
      }),
    );
    expect(transcription.message).toContain(
      `${origin(whisper)}/audio/transcriptions answered HTTP 404 Not Found`,
    );
    expect(transcription.message).toContain(`set baseURL (or VLLM_BASE_URL) to '${whisper.baseURL}'`);
  });

  it('an unknown model name', async () => {
    const responses = await failure(
      generateText({
        model: createVllm({ baseURL: chat.baseURL }).responses('nope'),
        prompt: 'Hi',
        maxRetries: 0,
      }),
    );
    expect(responses.message).toContain('The model `nope` does not exist.');
    expect(responses.message).toContain(`The server at ${chat.baseURL} serves: Qwen/Qwen3-8B.`);
    const transcription = await failure(
      transcribe({
        model: createVllm({ baseURL: whisper.baseURL }).transcriptionModel('whisper'),
        audio,
        maxRetries: 0,
      }),
    );
    expect(transcription.message).toContain('The model `whisper` does not exist.');
    expect(transcription.message).toContain(
      `The server at ${whisper.baseURL} serves: openai/whisper-large-v3-turbo.`,
    );
  });
});
