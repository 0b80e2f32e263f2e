import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVllmEmulator, type VllmEmulator } from '../../src/testing';
import { sineWav } from '../helpers/audio';
import { CHROMIUM_PATH, hasChromium, requireOrSkip } from '../helpers/system-requirements';
import { buildPlayground, ROOT, type RunningPlayground, startPlayground } from './next-playground';

// The Next.js playground, built (`next build`) and served (`next start` on 127.0.0.1) against the
// emulator started as `vllm serve Qwen/Qwen3-8B --reasoning-parser qwen3 --enable-auto-tool-choice
// --tool-call-parser hermes`, decoding slowly enough that streaming is visible.
const MODEL = 'Qwen/Qwen3-8B';
const OUTPUT_DIR = join(ROOT, 'test-output');
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let emulator: VllmEmulator | undefined;
let vision: VllmEmulator | undefined;
let whisper: VllmEmulator | undefined;
let playground: RunningPlayground | undefined;
const VISION_MODEL = 'Qwen/Qwen2.5-VL-3B-Instruct';
const WHISPER_MODEL = 'openai/whisper-large-v3-turbo';
/** A 2×2 PNG. */
const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==';

beforeAll(async () => {
  await buildPlayground();
  emulator = await startVllmEmulator({
    model: MODEL,
    reasoningParser: 'qwen3',
    enableAutoToolChoice: true,
    toolCallParser: 'hermes',
    tokensPerSecond: 25,
  });
  // `vllm serve Qwen/Qwen2.5-VL-3B-Instruct --limit-mm-per-prompt '{"image": 4}'` and `vllm serve openai/whisper-large-v3-turbo`.
  vision = await startVllmEmulator({
    model: VISION_MODEL,
    limitMmPerPrompt: { image: 4 },
    tokensPerSecond: 25,
  });
  whisper = await startVllmEmulator({ model: WHISPER_MODEL });
  playground = await startPlayground({
    VLLM_BASE_URL: emulator.baseURL,
    VLLM_VISION_BASE_URL: vision.baseURL,
    VLLM_TRANSCRIPTION_BASE_URL: whisper.baseURL,
  });
}, 420_000);

afterAll(async () => {
  await playground?.close();
  await emulator?.close();
  await vision?.close();
  await whisper?.close();
});

function app(): RunningPlayground {
  if (!playground) throw new Error('the playground did not start');
  return playground;
}

/** UI message stream chunks (`data: {...}` lines) of a response. */
async function readChunks(response: Response): Promise<Array<{ type: string; [key: string]: unknown }>> {
  const text = await response.text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('data: {'))
    .map((line) => JSON.parse(line.slice('data: '.length)));
}

describe('playground over HTTP (next start + emulator)', () => {
  it('/api/chat streams reasoning, a getWeather tool call with its result, then the answer', async () => {
    const response = await fetch(`${app().url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        messages: [{ id: 'm1', role: 'user', parts: [{ type: 'text', text: 'Weather in Paris?' }] }],
      }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const chunks = await readChunks(response);
    const types = chunks.map((chunk) => chunk.type);
    expect(types.filter((type) => type === 'reasoning-delta').length).toBeGreaterThan(3);
    const toolCall = chunks.find((chunk) => chunk.type === 'tool-input-available');
    expect(toolCall).toMatchObject({ toolName: 'getWeather', input: { city: expect.any(String) } });
    expect(chunks.find((chunk) => chunk.type === 'tool-output-available')).toMatchObject({
      output: { condition: expect.any(String), temperatureCelsius: expect.any(Number) },
    });
    // Step 2 (after the tool result) answers in text, streamed in many deltas.
    expect(types.indexOf('text-delta')).toBeGreaterThan(types.indexOf('tool-output-available'));
    expect(types.filter((type) => type === 'text-delta').length).toBeGreaterThan(3);
    expect(chunks.at(-1)).toMatchObject({ type: 'finish', finishReason: 'stop' });
    // What reached vLLM: the tool, the thinking switch, streaming usage.
    const sent = emulator?.requests.filter((request) => request.path === '/v1/chat/completions') ?? [];
    expect(sent.length).toBeGreaterThanOrEqual(2);
    expect(sent[0].body).toMatchObject({
      model: MODEL,
      stream: true,
      stream_options: { include_usage: true },
      chat_template_kwargs: { enable_thinking: true },
      tools: [{ type: 'function', function: { name: 'getWeather' } }],
    });
  });

  it('/api/object streams JSON that satisfies the schema (response_format json_schema on the wire)', async () => {
    const response = await fetch(`${app().url}/api/object`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify('Lisbon'),
    });
    expect(response.status).toBe(200);
    const city = JSON.parse(await response.text());
    expect(city).toMatchObject({ name: expect.any(String), country: expect.any(String) });
    expect(Number.isInteger(city.population)).toBe(true);
    expect(city.landmarks.length).toBeGreaterThanOrEqual(1);
    const last = emulator?.requests.filter((request) => request.path === '/v1/chat/completions').at(-1);
    expect(last?.body).toMatchObject({ response_format: { type: 'json_schema' } });
  });

  it('/api/chat sends a question with a picture to the vision model (image_url on the wire)', async () => {
    const response = await fetch(`${app().url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        messages: [
          {
            id: 'm1',
            role: 'user',
            parts: [
              { type: 'file', mediaType: 'image/png', url: `data:image/png;base64,${PNG_BASE64}` },
              { type: 'text', text: 'What is in this picture?' },
            ],
          },
        ],
      }),
    });
    const chunks = await readChunks(response);
    expect(chunks.filter((chunk) => chunk.type === 'text-delta').length).toBeGreaterThan(3);
    const sent = vision?.requests.filter((request) => request.path === '/v1/chat/completions').at(-1);
    const user = (sent?.body?.messages as { role: string; content: unknown }[] | undefined)?.find(
      (message) => message.role === 'user',
    );
    expect(user?.content).toEqual([
      { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_BASE64}` } },
      { type: 'text', text: 'What is in this picture?' },
    ]);
  });

  it('/api/transcribe uploads the audio to /v1/audio/transcriptions and returns text and segments', async () => {
    const form = new FormData();
    form.append('file', new Blob([sineWav(3) as Uint8Array<ArrayBuffer>], { type: 'audio/wav' }), 'clip.wav');
    form.append('language', 'en');
    const response = await fetch(`${app().url}/api/transcribe`, { method: 'POST', body: form });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ text: expect.any(String), language: 'en', durationInSeconds: 3 });
    expect(body.segments.length).toBeGreaterThan(0);
    const sent = whisper?.requests.at(-1);
    expect(sent?.path).toBe('/v1/audio/transcriptions');
    expect(sent?.body).toMatchObject({
      model: WHISPER_MODEL,
      language: 'en',
      response_format: 'verbose_json',
    });
  });

  it('/server lists the served model and /api/server returns live metrics', async () => {
    const html = await (await fetch(`${app().url}/server`)).text();
    expect(html).toContain(MODEL);
    expect(html).toContain('max model len');
    const state = await (await fetch(`${app().url}/api/server`)).json();
    expect(state.health.status).toBe('ok');
    expect(state.metrics).toMatchObject({
      requestsRunning: expect.any(Number),
      requestsWaiting: expect.any(Number),
      kvCacheUsage: expect.any(Number),
      metricNames: 'current',
    });
    expect(state.metrics.generationTokens).toBeGreaterThan(0); // the chats above
  });
});

describe.skipIf(requireOrSkip('Chromium (/usr/bin/chromium, apt-get install chromium)', hasChromium()))(
  'playground in Chromium (playwright-core)',
  () => {
    let browser: Browser | undefined;

    beforeAll(async () => {
      browser = await chromium.launch({
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: CHROMIUM_FLAGS,
      });
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
    });

    async function newPage(): Promise<Page> {
      if (!browser) throw new Error('Chromium did not start');
      const page = await browser.newPage({ viewport: { width: 1000, height: 1000 } });
      page.setDefaultTimeout(60_000);
      return page;
    }

    it('chat: types a message, streams the answer token by token, renders reasoning and the tool call', async () => {
      const page = await newPage();
      try {
        await page.goto(`${app().url}/`);
        await expect(page.getByTestId('server-url').textContent()).resolves.toContain(emulator?.baseURL);
        // Record every distinct state of the assistant's text as React renders it.
        await page.evaluate(() => {
          const states: string[] = [];
          (window as unknown as { textStates: string[] }).textStates = states;
          const record = () => {
            const text = [
              ...document.querySelectorAll('[data-testid=message-assistant] [data-testid=part-text]'),
            ]
              .map((element) => element.textContent ?? '')
              .join('\n');
            if (text !== '' && text !== states.at(-1)) states.push(text);
          };
          new MutationObserver(record).observe(document.body, {
            subtree: true,
            childList: true,
            characterData: true,
          });
        });

        await page.getByTestId('chat-input').fill('What is the weather in Paris?');
        await page.getByTestId('chat-send').click();
        await expect(page.getByTestId('message-user').textContent()).resolves.toContain('weather in Paris');

        // Tool call rendered with its input, then its output.
        const toolCall = page.locator('[data-testid=tool-getWeather][data-state=output-available]');
        await toolCall.waitFor();
        await expect(toolCall.getByTestId('tool-input').textContent()).resolves.toContain('"city"');
        await expect(toolCall.getByTestId('tool-output').textContent()).resolves.toContain('condition');

        // The answer streams in, then the chat is ready again.
        await page.locator('[data-testid=message-assistant] [data-testid=part-text]').first().waitFor();
        await page.locator('[data-testid=chat-status][data-status=ready]').waitFor();
        const finalText = await page
          .locator('[data-testid=message-assistant] [data-testid=part-text]')
          .allTextContents();
        const states = await page.evaluate(() => (window as unknown as { textStates: string[] }).textStates);
        const final = finalText.join('\n');
        expect(final.split(' ').length).toBeGreaterThan(5);
        expect(states.at(-1)).toBe(final);
        // Several distinct intermediate states, each growing the previous one: streamed, not one block.
        expect(states.length).toBeGreaterThanOrEqual(4);
        for (let index = 1; index < states.length; index++) {
          expect(states[index].startsWith(states[index - 1])).toBe(true);
        }

        // Reasoning is collapsed by default and opens on click.
        const reasoning = page.getByTestId('part-reasoning').first();
        await expect(reasoning.getAttribute('open')).resolves.toBeNull();
        await reasoning.locator('summary').click();
        await expect(reasoning.getAttribute('open')).resolves.not.toBeNull();
        expect(((await reasoning.textContent()) ?? '').length).toBeGreaterThan(20);

        mkdirSync(OUTPUT_DIR, { recursive: true });
        await page.screenshot({ path: join(OUTPUT_DIR, 'playground-chat.png'), fullPage: true });
      } finally {
        await page.close();
      }
    });

    it('chat with a picture: drops an image on the message box, sends it, the answer streams', async () => {
      const page = await newPage();
      try {
        await page.goto(`${app().url}/`);
        // Drag and drop a PNG onto the message form, as a user does from the desktop.
        await page.evaluate((base64) => {
          const bytes = Uint8Array.from(atob(base64), (character) => character.charCodeAt(0));
          const transfer = new DataTransfer();
          transfer.items.add(new File([bytes], 'dot.png', { type: 'image/png' }));
          const form = document.querySelector('[data-testid=chat-form]');
          for (const type of ['dragover', 'drop'])
            form?.dispatchEvent(
              new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }),
            );
        }, PNG_BASE64);
        await page.getByTestId('attachment').waitFor();
        await page.evaluate(() => {
          const states: string[] = [];
          (window as unknown as { textStates: string[] }).textStates = states;
          new MutationObserver(() => {
            const text = [
              ...document.querySelectorAll('[data-testid=message-assistant] [data-testid=part-text]'),
            ]
              .map((element) => element.textContent ?? '')
              .join('\n');
            if (text !== '' && text !== states.at(-1)) states.push(text);
          }).observe(document.body, { subtree: true, childList: true, characterData: true });
        });
        await page.getByTestId('chat-input').fill('What is in this picture?');
        await page.getByTestId('chat-send').click();
        await page.locator('[data-testid=message-user] [data-testid=part-file]').waitFor();
        await page.locator('[data-testid=message-assistant] [data-testid=part-text]').first().waitFor();
        await page.locator('[data-testid=chat-status][data-status=ready]').waitFor();
        const states = await page.evaluate(() => (window as unknown as { textStates: string[] }).textStates);
        expect(states.length).toBeGreaterThanOrEqual(4);
        for (let index = 1; index < states.length; index++)
          expect(states[index].startsWith(states[index - 1])).toBe(true);
        const sent = vision?.requests.filter((request) => request.path === '/v1/chat/completions').at(-1);
        expect(JSON.stringify(sent?.body?.messages)).toContain(
          `"image_url":{"url":"data:image/png;base64,${PNG_BASE64}"}`,
        );
        mkdirSync(OUTPUT_DIR, { recursive: true });
        await page.screenshot({ path: join(OUTPUT_DIR, 'playground-vision.png'), fullPage: true });
      } finally {
        await page.close();
      }
    });

    it('speech to text: uploads a WAV, the transcript and its segments appear', async () => {
      const page = await newPage();
      try {
        await page.goto(`${app().url}/transcribe`);
        await page.getByTestId('transcribe-file').setInputFiles({
          name: 'meeting.wav',
          mimeType: 'audio/wav',
          buffer: Buffer.from(sineWav(35)),
        });
        await page.getByTestId('transcribe-submit').click();
        const transcript = page.getByTestId('transcript');
        await transcript.waitFor();
        expect(((await transcript.textContent()) ?? '').split(' ').length).toBeGreaterThan(20);
        // 35 s is over Whisper's 30 s window: vLLM cuts it, the segment times run on past 30 s.
        const times = await page.getByTestId('segment').locator('td:first-child').allTextContents();
        expect(times.length).toBeGreaterThan(2);
        expect(times.at(-1)).toMatch(/–35\.00 s$/);
        const sent = whisper?.requests.at(-1);
        expect(sent?.path).toBe('/v1/audio/transcriptions');
        await page.screenshot({ path: join(OUTPUT_DIR, 'playground-transcribe.png'), fullPage: true });
      } finally {
        await page.close();
      }
    });

    it('structured output and server pages render', async () => {
      const page = await newPage();
      try {
        await page.goto(`${app().url}/object`);
        await page.getByTestId('object-submit').click();
        const result = page.getByTestId('object-result');
        await result.waitFor();
        await page.getByTestId('object-submit').waitFor(); // the stream finished (the Stop button is gone)
        await expect(result.textContent()).resolves.toContain('population');
        await page.screenshot({ path: join(OUTPUT_DIR, 'playground-object.png'), fullPage: true });

        await page.goto(`${app().url}/server`);
        await expect(page.getByTestId('server-models').textContent()).resolves.toContain(MODEL);
        await expect(page.getByTestId('server-health').textContent()).resolves.toContain('ok');
        // The live cards fill in from /api/server.
        await page.locator('[data-testid="metric-KV-cache usage"] .value', { hasText: '%' }).waitFor();
        // "Send load" starts 8 generations: the running gauge (vllm:num_requests_running) moves.
        await page.getByRole('button', { name: /Send load/ }).click();
        await page.locator('[data-testid=metric-running] .value', { hasText: /^[1-9]/ }).waitFor();
        await page.screenshot({ path: join(OUTPUT_DIR, 'playground-server.png'), fullPage: true });
      } finally {
        await page.close();
      }
    });
  },
);
