// The JSON shape of a response, values aside: which keys exist at every level (a key whose value is
// `null` exists; an absent key does not), array elements merged under `path[]`, the token → logprob
// maps of completions `top_logprobs` as one `<token>` key. Streams are compared
// chunk by chunk after collapsing runs of chunks with the same shape (the number of deltas is a value).

/** Every key path of a JSON value, e.g. `choices[].message.content`. */
export function keyPaths(value: unknown, prefix = ''): Set<string> {
  const paths = new Set<string>();
  const visit = (node: unknown, path: string) => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item, `${path}[]`);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    // Completions logprobs: `top_logprobs` entries map token → logprob; the tokens are values.
    if (path.endsWith('top_logprobs[]') && Object.values(node).every((value) => typeof value === 'number')) {
      if (Object.keys(node).length > 0) paths.add(`${path}.<token>`);
      return;
    }
    for (const [key, child] of Object.entries(node)) {
      const childPath = path === '' ? key : `${path}.${key}`;
      paths.add(childPath);
      visit(child, childPath);
    }
  };
  visit(value, prefix);
  return paths;
}

/** `-path` = only in the recorded body, `+path` = only in the emulator's, sorted. */
export function shapeDifferences(recorded: unknown, emulated: unknown): string[] {
  const left = keyPaths(recorded);
  const right = keyPaths(emulated);
  return [
    ...[...left].filter((path) => !right.has(path)).map((path) => `-${path}`),
    ...[...right].filter((path) => !left.has(path)).map((path) => `+${path}`),
  ].sort();
}

/** The JSON chunks of an SSE body and whether it ended with `data: [DONE]`. */
export function sseChunks(body: string): { chunks: unknown[]; done: boolean } {
  const events = body
    .split(/\n\n/)
    .map((event) => event.trim())
    .filter((event) => event.startsWith('data:'))
    .map((event) => event.slice('data:'.length).trim());
  return {
    chunks: events.filter((event) => event !== '[DONE]').map((event) => JSON.parse(event)),
    done: events.at(-1) === '[DONE]',
  };
}

/** One chunk's shape as a stable string. */
export function chunkSignature(chunk: unknown): string {
  return [...keyPaths(chunk)].sort().join(' ');
}

/** Chunk signatures with consecutive repeats collapsed. */
export function collapsedSignatures(chunks: readonly unknown[]): string[] {
  const signatures: string[] = [];
  for (const chunk of chunks) {
    const signature = chunkSignature(chunk);
    if (signatures.at(-1) !== signature) signatures.push(signature);
  }
  return signatures;
}
