// Where the media of a chat prompt sit in its tokens, for the prefix cache's block hashes.
import { describe, expect, it } from 'vitest';
import type { EmulatorContext } from '../../src/testing/emulator-context';
import { multimodalFeatures } from '../../src/testing/endpoints/prefix-cache-job';
import { renderChatPrompt } from '../../src/testing/generation/chat-template';
import { encode } from '../../src/testing/generation/tokenizer';

const context = (enableCaching: boolean) =>
  ({ engine: { cache: { manager: { enableCaching } } } }) as unknown as EmulatorContext;
const image = (url: string) => ({ type: 'image_url', image_url: { url } });
const messages = [
  { role: 'system', content: 'Describe précisément 🙂 each picture.' },
  {
    role: 'user',
    content: [
      { type: 'text', text: 'First:' },
      image('https://example.com/a.png'),
      { type: 'text', text: ' then<b> two ' },
      { type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } },
      image('https://example.com/b.png'),
      { type: 'text', text: ' done.' },
    ],
  },
];

describe('multimodalFeatures', () => {
  it('places each item at the token offset of its placeholder, with its own content hash', () => {
    const prompt = renderChatPrompt(messages);
    const features = multimodalFeatures(context(true), messages, prompt);
    const starts = [...prompt.matchAll(/<(image_url|input_audio|video_url)>/g)];
    expect(features.map((feature) => [feature.offset, feature.length])).toEqual(
      starts.map((match) => [encode(prompt.slice(0, match.index)).length, encode(match[0]).length]),
    );
    expect(new Set(features.map((feature) => feature.identifier)).size).toBe(3);
  });

  it('finds none with prefix caching off', () => {
    expect(multimodalFeatures(context(false), messages, renderChatPrompt(messages))).toEqual([]);
  });
});
