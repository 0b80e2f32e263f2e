// Child process of bench/routing-overhead.ts: starts N emulator replicas (default 3), prints their
// base URLs as one JSON line, and stops them when stdin closes. Keeps the servers off the client's core.
import { startVllmEmulator } from '../src/testing';

const count = Number(process.argv[2] ?? 3);
const replicas = await Promise.all(
  Array.from({ length: count }, (_, index) => startVllmEmulator({ seed: index + 1 })),
);
process.stdout.write(`${JSON.stringify(replicas.map((replica) => replica.baseURL))}\n`);
process.stdin.resume();
process.stdin.on('end', async () => {
  await Promise.all(replicas.map((replica) => replica.close()));
  process.exit(0);
});
