/** A chat message as it arrives on the wire (OpenAI shape, loosely typed). */
export interface WireChatMessage {
  role?: unknown;
  content?: unknown;
  name?: unknown;
  tool_calls?: unknown;
  tool_call_id?: unknown;
  reasoning?: unknown;
  reasoning_content?: unknown;
}

/** Media part types the template renders as a `<type>` placeholder in the prompt text. */
export const MEDIA_PLACEHOLDER_TYPES: readonly string[] = ['image_url', 'input_audio', 'video_url'];

/** The text of a message `content` (string, or an array of parts whose text parts are joined). */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content) {
    if (part && typeof part === 'object') {
      const { type, text: partText } = part as { type?: unknown; text?: unknown };
      if (typeof partText === 'string') text += partText;
      else if (typeof type === 'string' && MEDIA_PLACEHOLDER_TYPES.includes(type)) text += `<${type}>`;
    }
  }
  return text;
}

function toolCallsText(toolCalls: unknown): string {
  if (!Array.isArray(toolCalls)) return '';
  return toolCalls
    .map((call) => {
      const fn = (call as { function?: { name?: unknown; arguments?: unknown } })?.function;
      return `\n<tool_call>\n{"name": ${JSON.stringify(fn?.name ?? '')}, "arguments": ${String(fn?.arguments ?? '{}')}}\n</tool_call>`;
    })
    .join('');
}

/**
 * Renders messages with a Qwen3-style ChatML template (what `/tokenize` and `usage.prompt_tokens`
 * count). Tools are listed in the system turn, as Qwen's template does.
 */
export function renderChatPrompt(
  messages: readonly WireChatMessage[],
  options: { tools?: unknown; addGenerationPrompt?: boolean; continueFinalMessage?: boolean } = {},
): string {
  let prompt = '';
  if (Array.isArray(options.tools) && options.tools.length > 0) {
    prompt += `<|im_start|>system\n# Tools\n\n<tools>\n${options.tools.map((tool) => JSON.stringify(tool)).join('\n')}\n</tools><|im_end|>\n`;
  }
  messages.forEach((message, index) => {
    const role = typeof message.role === 'string' ? message.role : 'user';
    const isLast = index === messages.length - 1;
    let body = contentText(message.content);
    if (role === 'assistant') body += toolCallsText(message.tool_calls);
    const templateRole = role === 'tool' ? 'user' : role === 'developer' ? 'system' : role;
    if (role === 'tool') body = `<tool_response>\n${body}\n</tool_response>`;
    prompt += `<|im_start|>${templateRole}\n${body}`;
    if (!(isLast && options.continueFinalMessage)) prompt += '<|im_end|>\n';
  });
  if (options.addGenerationPrompt !== false && !options.continueFinalMessage)
    prompt += '<|im_start|>assistant\n';
  return prompt;
}
