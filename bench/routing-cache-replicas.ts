// Child process of bench/routing-cache.ts: starts emulator replicas modelling vLLM's prefix cache
// (settings as JSON in argv[2]), prints their base URLs as one JSON line, stops them when stdin closes.
import { startVllmEmulator } from '../src/testing';
import { MODEL, type ReplicaSettings } from './routing-cache-workload';

const { count, replica } = JSON.parse(process.argv[2] ?? '{}') as { count: number; replica: ReplicaSettings };
const replicas = await Promise.all(
  Array.from({ length: count }, (_, index) =>
    startVllmEmulator({
      model: MODEL,
      seed: index + 1,
      enableAutoToolChoice: true,
      toolCallParser: 'hermes',
      ...replica,
    }),
  ),
);
process.stdout.write(`${JSON.stringify(replicas.map((emulator) => emulator.baseURL))}\n`);
process.stdin.resume();
process.stdin.on('end', async () => {
  await Promise.all(replicas.map((emulator) => emulator.close()));
  process.exit(0);
});
