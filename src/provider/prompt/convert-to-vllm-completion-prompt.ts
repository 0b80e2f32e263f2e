import {
  InvalidPromptError,
  type LanguageModelV4Prompt,
  UnsupportedFunctionalityError,
} from '@ai-sdk/provider';

// /v1/completions takes raw text: no chat template is applied. `generateText({ prompt })` is sent as
// the text itself, so the model continues it. A conversation (system, several turns) is written as
// a "user:" / "assistant:" transcript ending in "assistant:\n", with "\nuser:" as a stop sequence
// so the model answers one turn.

const USER = 'user';
const ASSISTANT = 'assistant';

/** The completion prompt, and the stop sequences the transcript form needs. */
export function convertToVllmCompletionPrompt(prompt: LanguageModelV4Prompt): {
  prompt: string;
  stop: string[];
} {
  const [first] = prompt;
  if (prompt.length === 1 && first.role === 'user' && first.content.every((part) => part.type === 'text')) {
    return {
      prompt: first.content.map((part) => (part.type === 'text' ? part.text : '')).join(''),
      stop: [],
    };
  }

  let text = '';
  prompt.forEach((message, index) => {
    switch (message.role) {
      case 'system':
        if (index > 0) {
          throw new InvalidPromptError({
            prompt,
            message: `A completion prompt can start with a system message but not contain one later (message ${index}).`,
          });
        }
        text += `${message.content}\n\n`;
        return;
      case 'user':
        text += `${USER}:\n${message.content.map((part) => (part.type === 'text' ? part.text : '')).join('')}\n\n`;
        return;
      case 'assistant': {
        let answer = '';
        for (const part of message.content) {
          if (part.type === 'text') answer += part.text;
          else if (part.type === 'tool-call') {
            throw new UnsupportedFunctionalityError({
              functionality: 'tool-call messages',
              message:
                'The completion model has no tool calling; use the chat model (vllm(modelId)) for tools.',
            });
          }
        }
        text += `${ASSISTANT}:\n${answer}\n\n`;
        return;
      }
      case 'tool':
        throw new UnsupportedFunctionalityError({
          functionality: 'tool messages',
          message: 'The completion model has no tool calling; use the chat model (vllm(modelId)) for tools.',
        });
    }
  });
  return { prompt: `${text}${ASSISTANT}:\n`, stop: [`\n${USER}:`] };
}
