import type { EmulatorContext } from '../emulator-context';
import type { Route } from '../emulator-server';
import { modelFamily } from '../models/model-family';
import { adminRoutes } from './admin';
import { chatCompletionRoutes } from './chat-completions';
import { completionRoutes } from './completions';
import { embeddingRoutes } from './embeddings';
import { loraRoutes } from './lora';
import { metricsRoutes } from './metrics';
import { modelRoutes } from './models';
import { responsesRoutes } from './responses';
import { scoringRoutes } from './scoring';
import { serverInfoRoutes } from './server-info';
import { speechToTextRoutes } from './speech-to-text';
import { tokenizeRoutes } from './tokenize';

/** Every route the emulator serves, registered per runner/options like vLLM's routers. */
export function emulatorRoutes(ctx: EmulatorContext): Route[] {
  const routes = [
    ...serverInfoRoutes(),
    ...metricsRoutes(),
    ...modelRoutes(),
    ...tokenizeRoutes(),
    ...adminRoutes(),
  ];
  if (ctx.options.runner === 'generate') {
    // vLLM registers a route family per supported task (Whisper: transcription only).
    const tasks = modelFamily(ctx.options.model).tasks;
    if (tasks.includes('generate'))
      routes.push(...chatCompletionRoutes(), ...completionRoutes(), ...responsesRoutes());
    if (tasks.includes('transcription')) routes.push(...speechToTextRoutes());
  } else routes.push(...embeddingRoutes(), ...scoringRoutes());
  if (ctx.options.allowRuntimeLoraUpdating) routes.push(...loraRoutes());
  return routes;
}
