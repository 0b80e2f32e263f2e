'use client';

import { useObject } from '@ai-sdk/react';
import { type FormEvent, useState } from 'react';
import { citySchema } from '@/lib/city-schema';

export function CityForm() {
  const { object, submit, isLoading, error, stop } = useObject({ api: '/api/object', schema: citySchema });
  const [city, setCity] = useState('Lisbon');

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    submit(city);
  }

  return (
    <div>
      <form className="form" onSubmit={onSubmit} data-testid="object-form">
        <input type="text" value={city} onChange={(event) => setCity(event.target.value)} aria-label="City" />
        {isLoading ? (
          <button type="button" onClick={() => stop()}>
            Stop
          </button>
        ) : (
          <button type="submit" data-testid="object-submit">
            Describe
          </button>
        )}
      </form>
      {error && <p className="error">{error.message}</p>}
      {object && (
        <div className="card" data-testid="object-result" style={{ marginTop: '1rem' }}>
          <h2>{object.name ?? '…'}</h2>
          <p>
            {object.country ?? '…'} · population {object.population?.toLocaleString('en') ?? '…'}
          </p>
          <ul>
            {object.landmarks?.map((landmark, index) => (
              <li key={`${landmark?.name}-${index}`}>
                <strong>{landmark?.name}</strong> {landmark?.description}
              </li>
            ))}
          </ul>
          <pre className="json">{JSON.stringify(object, null, 2)}</pre>
        </div>
      )}
    </div>
  );
}
