// `npm run bench:emulator`: streamed chunks/s and non-streamed requests/s of the emulator running
// in its own process (pinned to one core with `taskset` when available), driven over loopback by
// keep-alive node:http clients from this process. Bounded: a few seconds per scenario.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const server = fileURLToPath(new URL('./emulator-server.ts', import.meta.url));
const pinned = spawnSync('taskset', ['--version']).status === 0;

function startServer(): Promise<{ child: ChildProcess; url: URL }> {
  const command = pinned ? 'taskset' : process.execPath;
  const args = pinned
    ? ['-c', '0', process.execPath, '--import', 'tsx', server]
    : ['--import', 'tsx', server];
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout?.once('data', (data: Buffer) => resolve({ child, url: new URL(data.toString().trim()) }));
    child.once('exit', (code) => reject(new Error(`emulator exited early (${code})`)));
  });
}

interface Result {
  requests: number;
  chunks: number;
  seconds: number;
}

async function drive(url: URL, concurrency: number, body: object): Promise<Result> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const payload = JSON.stringify(body);
  const result: Result = { requests: 0, chunks: 0, seconds: SECONDS };
  const deadline = performance.now() + SECONDS * 1000;
  const once = () =>
    new Promise<void>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: '/v1/chat/completions',
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        },
        (res) => {
          let tail = '';
          res.setEncoding('utf8');
          res.on('data', (text: string) => {
            const joined = tail + text;
            const events = joined.split('\n\n');
            tail = events.pop() ?? '';
            result.chunks += events.length;
          });
          res.on('end', () => {
            if (res.statusCode !== 200) reject(new Error(`HTTP ${res.statusCode}`));
            result.requests++;
            resolve();
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  const worker = async () => {
    while (performance.now() < deadline) await once();
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  result.seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return result;
}

const { child, url } = await startServer();
try {
  const messages = [{ role: 'user', content: 'Write a long story about the sea.' }];
  await drive(url, 8, { messages, max_tokens: 16 });
  const streamed = await drive(url, 32, { messages, max_tokens: 256, ignore_eos: true, stream: true });
  const plain = await drive(url, 32, { messages, max_tokens: 16 });
  const chunksPerSecond = Math.round(streamed.chunks / streamed.seconds);
  const requestsPerSecond = Math.round(plain.requests / plain.seconds);
  console.log(
    `emulator process ${pinned ? 'pinned to core 0 (taskset)' : 'not pinned (taskset missing)'}; ${SECONDS}s per scenario`,
  );
  console.log(
    `streamed:     ${chunksPerSecond.toLocaleString('en-US')} chunks/s (${streamed.requests} streams of 256 tokens, 32 concurrent) — target ≥ 20,000`,
  );
  console.log(
    `non-streamed: ${requestsPerSecond.toLocaleString('en-US')} req/s (max_tokens 16, 32 concurrent) — target ≥ 3,000`,
  );
  if (chunksPerSecond < 20_000 || requestsPerSecond < 3_000) process.exitCode = 1;
} finally {
  child.kill('SIGTERM');
}
