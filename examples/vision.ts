// Images (and video, audio) in chat with a vision model. An http(s) image URL goes to vLLM untouched —
// the server downloads it (restrict where from with `--allowed-media-domains`) —, image bytes travel
// as a data URL. More images per prompt than the server's `--limit-mm-per-prompt` allows fail with
// vLLM's 400 and a hint.
//   npm run example vision
import { generateText, streamText } from 'ai';
import { createVllm, type VllmLanguageModelChatOptions } from 'vllm-ai-provider';
import { exampleServer } from './helpers/example-server';

// `vllm serve Qwen/Qwen2.5-VL-3B-Instruct --limit-mm-per-prompt '{"image": 2}'`
await using server = await exampleServer({
  model: 'Qwen/Qwen2.5-VL-3B-Instruct',
  limitMmPerPrompt: { image: 2 },
});
const vllm = createVllm({ baseURL: server.baseURL });
const model = vllm(server.model);

// A 2×2 PNG as bytes (a photo from disk works the same: readFileSync('cat.jpg')).
const png = Uint8Array.from(
  atob(
    'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  ),
  (character) => character.charCodeAt(0),
);

// 1. A question about an image URL (vLLM fetches it) and an image as bytes, streamed.
const stream = streamText({
  model,
  messages: [
    {
      role: 'user',
      content: [
        { type: 'text', text: 'What do these two pictures have in common?' },
        {
          type: 'file',
          mediaType: 'image/jpeg',
          data: new URL('https://upload.wikimedia.org/wikipedia/commons/3/3a/Cat03.jpg'),
        },
        { type: 'file', mediaType: 'image/png', data: png },
      ],
    },
  ],
  // vLLM's processor options for the model, e.g. Qwen2.5-VL's image resolution budget.
  providerOptions: {
    vllm: { mmProcessorKwargs: { max_pixels: 401_408 } } satisfies VllmLanguageModelChatOptions,
  },
});
process.stdout.write('answer: ');
for await (const delta of stream.textStream) process.stdout.write(delta);
console.log(`\nusage: ${(await stream.usage).inputTokens} prompt tokens`);

// 2. Three images on a server that takes two per prompt: vLLM's 400, with what to do.
try {
  await generateText({
    model,
    maxRetries: 0,
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Compare' },
          ...[1, 2, 3].map(() => ({ type: 'file' as const, mediaType: 'image/png', data: png })),
        ],
      },
    ],
  });
} catch (error) {
  console.log(`three images → ${(error as Error).message}`);
}

// 3. With the server's limits known (the sidecar's server.provider() sets them), the call fails before any request.
const known = createVllm({
  baseURL: server.baseURL,
  serverCapabilities: { inputModalities: ['text', 'image', 'video'], mediaPerPrompt: { image: 2 } },
});
await generateText({
  model: known(server.model),
  messages: [
    {
      role: 'user',
      content: [1, 2, 3].map(() => ({ type: 'file' as const, mediaType: 'image/png', data: png })),
    },
  ],
}).catch((error: Error) => console.log(`checked before sending → ${error.message}`));
