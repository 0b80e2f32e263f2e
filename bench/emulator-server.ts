// Child process of `npm run bench:emulator`: runs one emulator (its own Node process, so it gets
// one core) and prints its URL as the first stdout line. Stops on SIGTERM.
import { startVllmEmulator } from '../src/testing/index';

const emulator = await startVllmEmulator({ maxNumSeqs: 1024 });
process.stdout.write(`${emulator.url}\n`);
process.once('SIGTERM', () => {
  emulator.close().then(() => process.exit(0));
});
