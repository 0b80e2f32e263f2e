import { validateContentParts } from '../content/validate-content-parts';
import type { Route, RouteRequest } from '../emulator-server';
import { renderChatPrompt, type WireChatMessage } from '../generation/chat-template';
import { checkFieldTypes, requireField } from '../generation/field-types';
import { decode, encode, isValidTokenId, tokenText } from '../generation/tokenizer';
import { sendJson } from '../http/respond';
import { badRequest } from '../http/vllm-error';

function handleTokenize({ ctx, body, response }: RouteRequest): void {
  checkFieldTypes(ctx.profile, body, { prompt: 'string', messages: 'list', return_token_strs: 'bool' });
  ctx.models.resolve(body.model);
  let ids: number[];
  if (Array.isArray(body.messages)) {
    validateContentParts(ctx, body.messages as WireChatMessage[], 'tokenize');
    const prompt = renderChatPrompt(body.messages as WireChatMessage[], {
      tools: body.tools,
      addGenerationPrompt: body.add_generation_prompt !== false,
      continueFinalMessage: body.continue_final_message === true,
    });
    ids = encode(prompt);
  } else {
    requireField(ctx.profile, body, 'prompt');
    ids = encode(body.prompt as string);
  }
  const result: Record<string, unknown> = {
    count: ids.length,
    max_model_len: ctx.options.maxModelLen,
    tokens: ids,
  };
  result.token_strs = body.return_token_strs === true ? ids.map(tokenText) : null;
  sendJson(response, 200, result);
}

function handleDetokenize({ ctx, body, response }: RouteRequest): void {
  requireField(ctx.profile, body, 'tokens');
  checkFieldTypes(ctx.profile, body, { tokens: 'int-list' });
  ctx.models.resolve(body.model);
  const tokens = body.tokens as number[];
  const bad = tokens.find((id) => !isValidTokenId(id));
  if (bad !== undefined) throw badRequest(`Token id ${bad} is out of vocabulary`);
  sendJson(response, 200, { prompt: decode(tokens) });
}

/** `POST /tokenize` and `POST /detokenize` (the emulator's deterministic tokenizer; counts match `usage`). */
export function tokenizeRoutes(): Route[] {
  return [
    { methods: ['POST'], path: '/tokenize', json: true, handle: handleTokenize },
    { methods: ['POST'], path: '/detokenize', json: true, handle: handleDetokenize },
  ];
}
