import type { EmulatorContext } from '../emulator-context';
import type { Route } from '../emulator-server';
import { chatCompletionRoutes } from './chat-completions';
import { completionRoutes } from './completions';
import { embeddingRoutes } from './embeddings';
import { modelRoutes } from './models';
import { serverInfoRoutes } from './server-info';

/** Every route the emulator serves, registered per runner/options like vLLM's routers. */
export function emulatorRoutes(ctx: EmulatorContext): Route[] {
  const routes = [...serverInfoRoutes(), ...modelRoutes()];
  if (ctx.options.runner === 'generate') routes.push(...chatCompletionRoutes(), ...completionRoutes());
  else routes.push(...embeddingRoutes());
  return routes;
}
