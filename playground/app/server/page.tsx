import { connection } from 'next/server';
import { LiveMetrics } from '@/components/live-metrics';
import { vllm } from '@/lib/vllm';

/** What the server client (`createVllm().server`) knows: served models, health, version; then live metrics. */
export default async function ServerPage() {
  await connection(); // render per request, never at build time
  const health = await vllm.server.health();
  const [models, version] =
    health.status === 'ok' ? await Promise.all([vllm.server.models(), vllm.server.version()]) : [[], undefined];

  return (
    <>
      <h1>Server</h1>
      <p data-testid="server-health">
        Health: <strong>{health.status}</strong> ({health.url}
        {health.status === 'ok' ? `, ${health.latencyMs} ms` : `: ${health.message}`}){version && ` · vLLM ${version}`}
      </p>
      <h2>Models</h2>
      <table data-testid="server-models">
        <thead>
          <tr>
            <th>id</th>
            <th>root</th>
            <th>max model len</th>
            <th>LoRA</th>
          </tr>
        </thead>
        <tbody>
          {models.map((model) => (
            <tr key={model.id}>
              <td>{model.id}</td>
              <td>{model.root}</td>
              <td>{model.maxModelLen?.toLocaleString('en')}</td>
              <td>
                {model.isLoraAdapter ? `adapter of ${model.parent}` : model.loraAdapters.join(', ') || '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Live metrics</h2>
      <LiveMetrics />
    </>
  );
}
