import { acceptsResponsesField, isHarmonyModel } from '../../provider/version/vllm-responses-support';
import { parseVllmVersion } from '../../provider/version/vllm-server-version';
import type { EmulatorContext } from '../emulator-context';
import type { Body } from '../generation/field-types';
import { requestValidationError, VllmHttpError, validatorVllmError } from '../http/vllm-error';

// vLLM runs a `/v1/responses` request through its chat machinery: the input items become chat
// messages (`construct_input_messages` in vllm/entrypoints/openai/responses/utils.py), tools become
// chat tools, `text.format` becomes structured outputs. The emulator does the same and hands the
// result to its chat request parser, so sampling, reasoning, tools and constraints behave alike.

type Item = Record<string, unknown>;

/** Fields passed through under the same name (sampling and vLLM extras). */
const SAME_NAME = [
  'model',
  'temperature',
  'top_p',
  'top_k',
  'seed',
  'stop',
  'presence_penalty',
  'frequency_penalty',
  'repetition_penalty',
  'logit_bias',
  'ignore_eos',
  'include_stop_str_in_output',
  'skip_special_tokens',
  'chat_template_kwargs',
  'mm_processor_kwargs',
  'media_io_kwargs',
  'structured_outputs',
  'vllm_xargs',
  'priority',
  'cache_salt',
  'include_reasoning',
];

/** A Responses request, converted. */
export interface ResponsesConversion {
  /** The equivalent `/v1/chat/completions` body. */
  chatBody: Body;
  /** Top-level fields the release does not read (vLLM ignores them). */
  ignoredFields: string[];
}

function contentParts(content: unknown): unknown {
  if (!Array.isArray(content)) return content;
  return content.map((part: Item) => {
    switch (part?.type) {
      case 'input_text':
      case 'output_text':
        return { type: 'text', text: part.text };
      case 'input_image':
        return { type: 'image_url', image_url: { url: part.image_url } };
      default:
        return part;
    }
  });
}

/** The chat messages of `instructions` + `input`. */
function messagesOf(body: Body): Item[] {
  const messages: Item[] = [];
  if (typeof body.instructions === 'string') messages.push({ role: 'system', content: body.instructions });
  const input = body.input;
  if (typeof input === 'string') return [...messages, { role: 'user', content: input }];
  if (!Array.isArray(input)) return messages;
  for (const item of input as Item[]) {
    if (item === null || typeof item !== 'object') continue;
    switch (item.type) {
      case 'function_call':
        messages.push({
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: item.call_id, type: 'function', function: { name: item.name, arguments: item.arguments } },
          ],
        });
        break;
      case 'function_call_output':
        messages.push({
          role: 'tool',
          tool_call_id: item.call_id,
          content: typeof item.output === 'string' ? item.output : JSON.stringify(item.output),
        });
        break;
      case 'reasoning':
      case 'item_reference':
        break;
      default:
        if (typeof item.role === 'string')
          messages.push({ role: item.role, content: contentParts(item.content) });
    }
  }
  return messages;
}

function toolChoiceOf(choice: unknown): unknown {
  if (typeof choice === 'object' && choice !== null && (choice as Item).type === 'function') {
    return { type: 'function', function: { name: (choice as Item).name } };
  }
  return choice;
}

/** `ResponsesRequest`'s own validators (pydantic `model_validator`s), in vLLM's order. */
function validate(ctx: EmulatorContext, body: Body): void {
  if (body.input === undefined) {
    throw requestValidationError(ctx.profile, [
      { type: 'missing', loc: ['body', 'input'], msg: 'Field required', input: body },
    ]);
  }
  if (body.background === true && body.store === false) {
    throw validatorVllmError(
      ctx.profile,
      body,
      'background can only be used when `store` is true',
      'background',
    );
  }
  if (body.prompt != null)
    throw validatorVllmError(ctx.profile, body, 'prompt template is not supported', 'prompt');
  const tools = Array.isArray(body.tools) ? (body.tools as Item[]) : [];
  const choice = body.tool_choice ?? 'auto';
  const named = typeof choice === 'object' && choice !== null && (choice as Item).type === 'function';
  if (tools.length === 0) {
    if (choice === 'required') {
      throw validatorVllmError(
        ctx.profile,
        body,
        "Tool choice 'required' must be specified with 'tools' parameter.",
        'tool_choice',
      );
    }
    if (named)
      throw validatorVllmError(
        ctx.profile,
        body,
        "Tool choice 'function' not found in 'tools' parameter.",
        'tool_choice',
      );
  } else if (named && !tools.some((tool) => tool.name === (choice as Item).name)) {
    throw validatorVllmError(
      ctx.profile,
      body,
      "Tool choice 'function' not found in 'tools' parameter.",
      'tool_choice',
    );
  }
}

/** Converts a `/v1/responses` body (checked like vLLM) into the chat request vLLM would run. */
export function convertResponsesRequest(ctx: EmulatorContext, body: Body): ResponsesConversion {
  validate(ctx, body);
  const rules = ctx.profile.responses;
  const ordinal = parseVllmVersion(ctx.profile.version)?.ordinal ?? Number.POSITIVE_INFINITY;
  const ignoredFields = Object.keys(body).filter((field) => !acceptsResponsesField(ordinal, field));
  const accepted = (field: string) => body[field] !== undefined && !ignoredFields.includes(field);

  if (body.stream === true && !rules.streaming) {
    throw new VllmHttpError(501, 'Streaming responses are not supported', 'NotImplementedError');
  }
  const chatBody: Body = { messages: messagesOf(body) };
  for (const field of SAME_NAME) if (accepted(field)) chatBody[field] = body[field];
  if (body.max_output_tokens != null) chatBody.max_tokens = body.max_output_tokens;
  if (body.stream === true) chatBody.stream = true;
  const tools = Array.isArray(body.tools) ? (body.tools as Item[]) : [];
  const functionTools = tools.filter((tool) => tool.type === 'function');
  // Before #26874 only gpt-oss (Harmony) called tools; other models never saw them.
  if (functionTools.length > 0 && (rules.functionTools || isHarmonyModel(ctx.options.model))) {
    chatBody.tools = functionTools.map((tool) => ({
      type: 'function',
      function: { name: tool.name, description: tool.description, parameters: tool.parameters },
    }));
    chatBody.tool_choice = toolChoiceOf(body.tool_choice ?? 'auto');
  }
  const format = (body.text as Item | undefined)?.format as Item | undefined;
  if (format?.type === 'json_schema') {
    chatBody.response_format = {
      type: 'json_schema',
      json_schema: { name: format.name ?? 'response', schema: format.schema },
    };
  } else if (format?.type === 'json_object') {
    if (!rules.jsonObject)
      throw new VllmHttpError(501, 'json_object is not supported', 'NotImplementedError');
    chatBody.response_format = { type: 'json_object' };
  }
  const effort = (body.reasoning as Item | undefined)?.effort;
  if (typeof effort === 'string') {
    const kwargs = (chatBody.chat_template_kwargs as Item | undefined) ?? {};
    if (!('enable_thinking' in kwargs))
      chatBody.chat_template_kwargs = { ...kwargs, enable_thinking: effort !== 'none' };
  }
  return { chatBody, ignoredFields };
}
