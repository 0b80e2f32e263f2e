import { debuglog } from 'node:util';

/** Diagnostics of the sidecar: `NODE_DEBUG=vllm` prints them to stderr. No `console` anywhere. */
export const debug = debuglog('vllm');
