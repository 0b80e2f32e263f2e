import type { Route, RouteRequest } from '../emulator-server';
import { embedTokens } from '../generation/embedding';
import { requireField } from '../generation/field-types';
import { encode } from '../generation/tokenizer';
import { sendJson } from '../http/respond';
import { badRequest } from '../http/vllm-error';
import { requestId } from '../render/common';

const DIMENSIONS = 256;

function textOf(item: unknown): string {
  if (typeof item === 'string') return item;
  const text = (item as { text?: unknown } | null)?.text;
  return typeof text === 'string' ? text : JSON.stringify(item);
}

/** Relevance in [0, 1] from token overlap (cosine of the emulator's hashing embeddings). */
function relevance(query: string, document: string): { score: number; tokens: number } {
  const queryIds = encode(query);
  const documentIds = encode(document);
  const a = embedTokens(queryIds, DIMENSIONS, true);
  const b = embedTokens(documentIds, DIMENSIONS, true);
  let dot = 0;
  for (let index = 0; index < DIMENSIONS; index++) dot += a[index] * b[index];
  return { score: Math.max(0, Math.min(1, (dot + 1) / 2)), tokens: queryIds.length + documentIds.length };
}

function handleRerank(route: RouteRequest): void {
  const { ctx, body, response } = route;
  requireField(ctx.profile, body, 'query');
  requireField(ctx.profile, body, 'documents');
  const model = ctx.models.resolve(body.model);
  if (!Array.isArray(body.documents)) throw badRequest('documents must be a list');
  const query = textOf(body.query);
  let tokens = 0;
  const results = body.documents.map((document, index) => {
    const { score, tokens: used } = relevance(query, textOf(document));
    tokens += used;
    // RerankDocument: `text` and `multi_modal` (null for text documents) since #20877 (2025-07).
    return { index, document: { text: textOf(document), multi_modal: null }, relevance_score: score };
  });
  results.sort((left, right) => right.relevance_score - left.relevance_score);
  const topN = (body.top_n as number | undefined) ?? 0;
  sendJson(response, 200, {
    id: `rerank-${requestId(route.record.headers, body)}`,
    model: model.name,
    usage: ctx.profile.rerankPromptTokens
      ? { prompt_tokens: tokens, total_tokens: tokens }
      : { total_tokens: tokens },
    results: topN > 0 ? results.slice(0, topN) : results,
  });
}

function handleScore(route: RouteRequest): void {
  const { ctx, body, response } = route;
  const model = ctx.models.resolve(body.model);
  const left = body.queries ?? body.data_1 ?? body.text_1;
  const right = body.documents ?? body.items ?? body.data_2 ?? body.text_2;
  if (left === undefined || right === undefined) {
    throw badRequest('Provide `queries` and `documents` (or `text_1` and `text_2`).');
  }
  const lefts = Array.isArray(left) ? left.map(textOf) : [textOf(left)];
  const rights = Array.isArray(right) ? right.map(textOf) : [textOf(right)];
  const pairs =
    lefts.length === 1
      ? rights.map((item) => [lefts[0], item])
      : lefts.map((item, index) => [item, rights[index] ?? '']);
  let tokens = 0;
  const data = pairs.map(([query, document], index) => {
    const { score, tokens: used } = relevance(query, document);
    tokens += used;
    return { index, object: 'score', score };
  });
  sendJson(response, 200, {
    id: `score-${requestId(route.record.headers, body)}`,
    object: 'list',
    created: Math.floor(Date.now() / 1000),
    model: model.name,
    data,
    usage: { prompt_tokens: tokens, total_tokens: tokens, completion_tokens: 0, prompt_tokens_details: null },
  });
}

/** `/rerank`, `/v1/rerank`, `/v2/rerank`, `/score`, `/v1/score` (pooling runner). */
export function scoringRoutes(): Route[] {
  const rerank = ['/rerank', '/v1/rerank', '/v2/rerank'].map((path) => ({
    methods: ['POST'],
    path,
    json: true,
    handle: handleRerank,
  }));
  const score = ['/score', '/v1/score'].map((path) => ({
    methods: ['POST'],
    path,
    json: true,
    handle: handleScore,
  }));
  return [...rerank, ...score];
}
