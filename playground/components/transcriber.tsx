'use client';

import { type DragEvent, type FormEvent, useState } from 'react';

interface Transcript {
  text: string;
  language?: string;
  durationInSeconds?: number;
  segments: { text: string; startSecond: number; endSecond: number }[];
}

export function Transcriber() {
  const [file, setFile] = useState<File | undefined>();
  const [language, setLanguage] = useState('');
  const [dragging, setDragging] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [transcript, setTranscript] = useState<Transcript | undefined>();

  function drop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped) setFile(dropped);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!file || busy) return;
    setBusy(true);
    setError(undefined);
    setTranscript(undefined);
    const form = new FormData();
    form.append('file', file);
    form.append('language', language);
    try {
      const response = await fetch('/api/transcribe', { method: 'POST', body: form });
      const body = await response.json();
      if (!response.ok) setError(body.error ?? `HTTP ${response.status}`);
      else setTranscript(body);
    } catch (caught) {
      setError(String(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} data-testid="transcribe-form">
      <div
        className={`dropzone${dragging ? ' dragging' : ''}`}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={drop}
        data-testid="transcribe-drop"
      >
        <input
          type="file"
          accept="audio/*"
          onChange={(event) => setFile(event.target.files?.[0])}
          data-testid="transcribe-file"
        />
        <p className="status">{file ? `${file.name} (${Math.round(file.size / 1024)} kB)` : 'or drop an audio file here'}</p>
      </div>
      <div className="form">
        <input
          type="text"
          value={language}
          onChange={(event) => setLanguage(event.target.value)}
          placeholder="Language (ISO-639-1, e.g. en; empty: detect)"
          aria-label="Language"
        />
        <button type="submit" disabled={!file || busy} data-testid="transcribe-submit">
          {busy ? 'Transcribing…' : 'Transcribe'}
        </button>
      </div>
      {error && (
        <p className="error" data-testid="transcribe-error">
          {error}
        </p>
      )}
      {transcript && (
        <div data-testid="transcript-result">
          <p className="status">
            language {transcript.language ?? 'unknown'}, {transcript.durationInSeconds ?? '?'} s
          </p>
          <div className="text" data-testid="transcript">
            {transcript.text}
          </div>
          <table className="segments">
            <tbody>
              {transcript.segments.map((segment) => (
                <tr key={`${segment.startSecond}-${segment.endSecond}`} data-testid="segment">
                  <td>
                    {segment.startSecond.toFixed(2)}–{segment.endSecond.toFixed(2)} s
                  </td>
                  <td>{segment.text}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </form>
  );
}
