// Post-build (part of `npm run build`): the declaration files say themselves which global types they
// need, because the bundler that writes them (tsup's dts) drops triple-slash directives, and
// TypeScript ≥ 6 loads no @types package (not even @types/node) unless a project lists it in `types`.
// - Node-only entries (sidecar, testing, node) use Node's types (NodeJS.ProcessEnv, AsyncDisposable…):
//   `/// <reference types="node" />`, resolved from the consumer's @types/node, as every Node project has.
// - The main entry is edge-safe and needs no Node types; its `[Symbol.asyncDispose]` needs only the
//   disposable lib: `/// <reference lib="esnext.disposable" />`.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const TYPE_REFERENCES = {
  'index.d.ts': '/// <reference lib="esnext.disposable" />',
  'sidecar/index.d.ts': '/// <reference types="node" />',
  'testing/index.d.ts': '/// <reference types="node" />',
  'node/index.d.ts': '/// <reference types="node" />',
};

const dist = resolve(process.argv[2] ?? 'dist');
for (const [file, reference] of Object.entries(TYPE_REFERENCES)) {
  const path = resolve(dist, file);
  const source = readFileSync(path, 'utf8');
  if (!source.startsWith(reference)) writeFileSync(path, `${reference}\n${source}`);
}
console.log(
  `add-type-references: ${Object.keys(TYPE_REFERENCES).length} declaration entries reference the global types they use.`,
);
