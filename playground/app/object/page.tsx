import { CityForm } from '@/components/city-form';

export default function ObjectPage() {
  return (
    <>
      <h1>Structured output</h1>
      <p className="status">
        <code>useObject</code> → <code>/api/object</code> (<code>streamText</code> with{' '}
        <code>Output.object</code>): vLLM constrains decoding to the schema (<code>response_format</code>{' '}
        <code>json_schema</code>), and the partial object renders as it streams.
      </p>
      <CityForm />
    </>
  );
}
