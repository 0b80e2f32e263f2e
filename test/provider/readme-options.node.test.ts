import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { vllmChatOptionsSchema } from '../../src/provider/options/vllm-chat-language-model-options';
import { vllmCompletionOptionsSchema } from '../../src/provider/options/vllm-completion-language-model-options';

// The README must stay true: every option of providerOptions.vllm has a row in "## Provider options".

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const section = readme.slice(
  readme.indexOf('## Provider options'),
  readme.indexOf('## vLLM version compatibility'),
);

describe('README ## Provider options', () => {
  it('exists, followed by ## vLLM version compatibility', () => {
    expect(readme.indexOf('## Provider options')).toBeGreaterThan(0);
    expect(readme.indexOf('## vLLM version compatibility')).toBeGreaterThan(
      readme.indexOf('## Provider options'),
    );
  });

  it.each([...Object.keys(vllmChatOptionsSchema.shape), ...Object.keys(vllmCompletionOptionsSchema.shape)])(
    'documents %s',
    (option) => {
      expect(section).toContain(`\`${option}`);
    },
  );

  it('documents the vllmVersion setting', () => {
    expect(readme).toMatch(/\| `vllmVersion` \|/);
  });
});
