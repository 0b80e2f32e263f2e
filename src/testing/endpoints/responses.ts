import { randomUUID } from 'node:crypto';
import type { Route, RouteRequest } from '../emulator-server';
import { generateChatChoice } from '../generation/chat-plan';
import { parseChatRequest } from '../generation/chat-request';
import { sendError, sendJson, startEventStream } from '../http/respond';
import {
  outputItems,
  outputOf,
  ResponsesEventWriter,
  responseObject,
  responsesUsage,
} from '../responses/responses-render';
import { convertResponsesRequest } from '../responses/responses-request';
import { engineDeadError, runGeneration } from './run-generation';

async function handleResponses(route: RouteRequest): Promise<void> {
  const { ctx, body, response } = route;
  if (ctx.engine.isDead) return sendError(response, ctx.profile, engineDeadError());
  const { chatBody, ignoredFields } = convertResponsesRequest(ctx, body);
  route.record.ignoredFields = ignoredFields;
  const chat = parseChatRequest(ctx, chatBody);
  const id =
    typeof body.request_id === 'string' ? body.request_id : `resp_${randomUUID().replaceAll('-', '')}`;
  const createdAt = Math.floor(Date.now() / 1000);
  const choice = generateChatChoice(chat, 0, chat.model.name, ctx.options.reply);
  const job = {
    promptTokens: chat.promptIds.length,
    n: 1,
    maxTokens: chat.maxTokens,
    results: [choice.result],
  };
  const finalResponse = () => {
    const output = outputOf(choice, chat.includeReasoning);
    return responseObject({
      id,
      createdAt,
      body,
      chat,
      output: outputItems(output),
      status: choice.result.finishReason === 'length' ? 'incomplete' : 'completed',
      usage: responsesUsage(ctx, chat.promptIds.length, output),
    });
  };
  if (body.stream !== true) {
    const outcome = await runGeneration(route, job, () => {});
    if (outcome === 'dead') return sendError(response, ctx.profile, engineDeadError());
    if (outcome === 'aborted') return;
    return sendJson(response, 200, finalResponse());
  }
  // vLLM frames these events as `event: <type>` + `data: <json>` (no `[DONE]`).
  startEventStream(response);
  const writer = new ResponsesEventWriter(
    (event) => {
      if (!response.destroyed)
        response.write(`event: ${String(event.type)}\ndata: ${JSON.stringify(event)}\n\n`);
    },
    choice,
    chat.includeReasoning,
  );
  writer.begin(responseObject({ id, createdAt, body, chat, output: [], status: 'in_progress', usage: null }));
  const outcome = await runGeneration(route, job, (stepIndex) => writer.step(choice.result.steps[stepIndex]));
  if (outcome === 'aborted' || response.destroyed) return;
  if (outcome === 'dead') {
    const error = engineDeadError();
    response.end(
      `event: error\ndata: ${JSON.stringify({ type: 'error', code: String(error.status), message: error.message, param: null, sequence_number: 0 })}\n\n`,
    );
    return;
  }
  writer.end(finalResponse());
  response.end();
}

/** `POST /v1/responses` (models with the `generate` task). */
export function responsesRoutes(): Route[] {
  return [{ methods: ['POST'], path: '/v1/responses', json: true, handle: handleResponses }];
}
