import type { ServerResponse } from 'node:http';
import type { VllmFault } from '../faults/fault-types';
import type { VersionProfile } from '../version-profiles';
import { SSE_DONE, startEventStream } from './respond';
import { errorBody, VllmHttpError } from './vllm-error';

/**
 * A server-sent-events response in vLLM's framing (`data: <json>\n\n`, ended by `data: [DONE]`),
 * which applies a stream fault after `afterChunks` events. Events written in the same tick are
 * batched into one socket write.
 */
export class EventStream {
  private sent = 0;
  private over = false;
  private pending = '';
  private scheduled = false;

  constructor(
    private readonly response: ServerResponse,
    private readonly profile: VersionProfile,
    private readonly fault: VllmFault | undefined,
  ) {
    startEventStream(response);
  }

  /** False once the client is gone or a fault ended the stream. */
  get open(): boolean {
    return !this.over && !this.response.destroyed;
  }

  private write(text: string): void {
    this.pending += text;
    if (!this.scheduled) {
      this.scheduled = true;
      process.nextTick(() => this.flush());
    }
  }

  private flush(): void {
    this.scheduled = false;
    if (this.pending === '' || this.response.destroyed || this.response.writableEnded) return;
    const text = this.pending;
    this.pending = '';
    this.response.write(text);
  }

  /** Sends one event carrying `payload` as JSON; returns whether the stream is still open. */
  send(payload: unknown): boolean {
    if (!this.open) return false;
    if (this.fault && this.sent === ((this.fault as { afterChunks?: number }).afterChunks ?? 1)) {
      this.applyFault(this.fault);
      if (!this.open) return false;
    }
    this.sent++;
    this.write(`data: ${JSON.stringify(payload)}\n\n`);
    return true;
  }

  /** Sends vLLM's mid-stream error event and ends the stream. */
  error(error: VllmHttpError): void {
    if (!this.open) return;
    this.write(`data: ${JSON.stringify(errorBody(this.profile, error))}\n\n`);
    this.done();
  }

  /** Sends `data: [DONE]` and ends the response. */
  done(): void {
    if (!this.open) return;
    this.over = true;
    const text = this.pending + SSE_DONE;
    this.pending = '';
    this.response.end(text);
  }

  private applyFault(fault: VllmFault): void {
    switch (fault.type) {
      case 'reset-mid-stream': {
        this.over = true;
        const socket = this.response.socket;
        this.flush();
        setImmediate(() => (socket ? socket.resetAndDestroy() : this.response.destroy()));
        return;
      }
      case 'error-event':
        this.error(new VllmHttpError(500, fault.message ?? 'Internal server error', 'InternalServerError'));
        return;
      case 'malformed-chunk':
        this.write(
          'data: {"id":"chatcmpl-malformed","object":"chat.completion.chunk","choices":[{"delta":\n\n',
        );
        return;
      case 'truncate-stream':
        this.over = true;
        this.response.end(this.pending);
        this.pending = '';
        return;
      default:
        return;
    }
  }
}
