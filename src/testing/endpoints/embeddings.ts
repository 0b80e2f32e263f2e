import type { Route, RouteRequest } from '../emulator-server';
import { contentText, renderChatPrompt, type WireChatMessage } from '../generation/chat-template';
import { embeddingToBase64, embedTokens } from '../generation/embedding';
import { type Body, checkFieldTypes, requireField } from '../generation/field-types';
import { encode } from '../generation/tokenizer';
import { pythonRepr } from '../http/python-repr';
import { sendJson } from '../http/respond';
import { badRequest, requestValidationError, vllmValidationError } from '../http/vllm-error';
import { requestId, usageObject } from '../render/common';

const MATRYOSHKA = /qwen3-embedding|nomic|jina-embeddings-v3|matryoshka|snowflake|gte-.*v1\.5|mxbai/i;

function inputs(route: RouteRequest, body: Body): number[][] {
  if (Array.isArray(body.messages)) {
    const messages = body.messages as WireChatMessage[];
    return [encode(renderChatPrompt(messages, { addGenerationPrompt: body.add_generation_prompt === true }))];
  }
  requireField(route.ctx.profile, body, 'input');
  const input = body.input;
  const isIds = (value: unknown): value is number[] =>
    Array.isArray(value) && value.every((item) => Number.isInteger(item));
  if (typeof input === 'string') return [encode(input)];
  if (isIds(input) && input.length > 0) return [input];
  if (Array.isArray(input) && input.length > 0) {
    if (input.every((item) => typeof item === 'string'))
      return input.map((text) => encode(contentText(text)));
    if (input.every(isIds)) return input as number[][];
  }
  throw requestValidationError(route.ctx.profile, [
    { type: 'string_type', loc: ['body', 'input'], msg: 'Input should be a valid string', input },
  ]);
}

function handleEmbeddings(route: RouteRequest): void {
  const { ctx, body, response } = route;
  const { profile, options } = ctx;
  if (profile.rejectsNormalize && 'normalize' in body) {
    throw vllmValidationError(
      profile,
      'Parameter `normalize` was removed; use `use_activation` instead.',
      'normalize',
    );
  }
  checkFieldTypes(profile, body, {
    dimensions: 'int',
    encoding_format: 'string',
    truncate_prompt_tokens: 'int',
  });
  const model = ctx.models.resolve(body.model);
  const format = (body.encoding_format as string | undefined) ?? 'float';
  if (!['float', 'base64', 'bytes', 'bytes_only'].includes(format)) {
    throw requestValidationError(profile, [
      {
        type: 'literal_error',
        loc: ['body', 'encoding_format'],
        msg: "Input should be 'float', 'base64', 'bytes' or 'bytes_only'",
        input: format,
      },
    ]);
  }
  const size = options.embeddingDimensions;
  const dimensions = body.dimensions as number | undefined | null;
  if (dimensions != null) {
    if (!MATRYOSHKA.test(options.model)) {
      throw vllmValidationError(
        profile,
        `Model ${pythonRepr(model.name)} does not support Matryoshka embeddings; dimensions must be unset (received dimensions=${dimensions}).`,
        'dimensions',
      );
    }
    if (dimensions < 1 || dimensions > size) {
      throw vllmValidationError(
        profile,
        `Model ${pythonRepr(model.name)} only supports dimensions in range [1, ${size}], got ${dimensions}.`,
        'dimensions',
      );
    }
  }
  const truncate = body.truncate_prompt_tokens as number | undefined | null;
  const tokenLists = inputs(route, body).map((ids) =>
    truncate != null && truncate >= 0 ? ids.slice(-truncate || ids.length) : ids,
  );
  for (const ids of tokenLists) {
    if (ids.length > options.maxModelLen) {
      throw badRequest(
        `This model's maximum context length is ${options.maxModelLen} tokens. However, you requested ${ids.length} tokens in the input for embedding generation. Please reduce the length of the input.`,
      );
    }
  }
  const normalize = body.normalize !== false && body.use_activation !== false;
  const data = tokenLists.map((ids, index) => {
    const vector = embedTokens(ids, size, normalize).slice(0, dimensions ?? size);
    const embedding = format === 'float' ? vector : embeddingToBase64(vector);
    return { index, object: 'embedding', embedding };
  });
  const promptTokens = tokenLists.reduce((sum, ids) => sum + ids.length, 0);
  sendJson(response, 200, {
    id: `embd-${requestId(route.record.headers, body)}`,
    object: 'list',
    created: Math.floor(Date.now() / 1000),
    model: model.name,
    data,
    usage: { ...usageObject(ctx, promptTokens, 0, 0, true), completion_tokens: 0 },
  });
}

/** `POST /v1/embeddings` (pooling runner). */
export function embeddingRoutes(): Route[] {
  return [
    { methods: ['POST'], path: '/v1/embeddings', json: true, fields: 'embedding', handle: handleEmbeddings },
  ];
}
