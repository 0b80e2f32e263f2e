import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorContext } from '../emulator-context';
import { sendError } from '../http/respond';
import { VllmHttpError } from '../http/vllm-error';
import type { VllmFault } from './fault-types';

/**
 * Applies the faults picked for one request before its handler runs: waits out latency, answers
 * HTTP errors, resets or hangs the connection, kills the engine. Returns whether the request is
 * handled already and the stream fault (if any) for the handler's EventStream.
 */
export async function applyFaults(
  ctx: EmulatorContext,
  faults: VllmFault[],
  request: IncomingMessage,
  response: ServerResponse,
): Promise<{ handled: boolean; streamFault: VllmFault | undefined }> {
  let streamFault: VllmFault | undefined;
  for (const fault of faults) {
    switch (fault.type) {
      case 'latency':
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, fault.ms);
          response.once('close', () => {
            clearTimeout(timer);
            resolve();
          });
        });
        break;
      case 'http-error': {
        const phrase =
          fault.status >= 500
            ? 'InternalServerError'
            : fault.status === 429
              ? 'TooManyRequestsError'
              : 'BadRequestError';
        if (fault.retryAfter !== undefined) response.setHeader('retry-after', String(fault.retryAfter));
        sendError(
          response,
          ctx.profile,
          new VllmHttpError(fault.status, fault.message ?? 'Internal server error', phrase),
        );
        return { handled: true, streamFault };
      }
      case 'reset-before-headers':
        request.socket.resetAndDestroy();
        return { handled: true, streamFault };
      case 'hang':
        return { handled: true, streamFault };
      case 'engine-death':
        ctx.faults.killEngine();
        break;
      default:
        streamFault = fault;
    }
  }
  return { handled: false, streamFault };
}
