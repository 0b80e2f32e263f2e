import type { Route, RouteRequest } from '../emulator-server';
import { sendText } from '../http/respond';
import { VllmHttpError } from '../http/vllm-error';

function invalidInput(message: string): VllmHttpError {
  return new VllmHttpError(400, message, 'InvalidUserInput');
}

function handleLoad({ ctx, body, response }: RouteRequest): void {
  const name = body.lora_name;
  const path = body.lora_path;
  if (typeof name !== 'string' || name === '' || typeof path !== 'string' || path === '') {
    throw invalidInput("Both 'lora_name' and 'lora_path' must be provided.");
  }
  if (ctx.models.adapters.has(name) && body.load_inplace !== true) {
    throw invalidInput(
      `The lora adapter '${name}' has already been loaded. If you want to load the adapter in place, set 'load_inplace' to True.`,
    );
  }
  if (path.includes('does-not-exist')) {
    throw new VllmHttpError(
      404,
      `Loading lora ${name} failed: No adapter found for ${path}`,
      'NotFoundError',
    );
  }
  ctx.models.addAdapter(name, path, ctx.models.primaryName);
  sendText(response, 200, `Success: LoRA adapter '${name}' added successfully.`);
}

function handleUnload({ ctx, body, response }: RouteRequest): void {
  const name = body.lora_name;
  if (typeof name !== 'string' || name === '')
    throw invalidInput("'lora_name' needs to be provided to unload a LoRA adapter.");
  if (!ctx.models.adapters.delete(name)) {
    throw new VllmHttpError(404, `The lora adapter '${name}' cannot be found.`, 'NotFoundError');
  }
  sendText(response, 200, `Success: LoRA adapter '${name}' removed successfully.`);
}

/** Runtime LoRA loading (registered only with `VLLM_ALLOW_RUNTIME_LORA_UPDATING`). Plain-text success bodies. */
export function loraRoutes(): Route[] {
  return [
    { methods: ['POST'], path: '/v1/load_lora_adapter', json: true, handle: handleLoad },
    { methods: ['POST'], path: '/v1/unload_lora_adapter', json: true, handle: handleUnload },
  ];
}
