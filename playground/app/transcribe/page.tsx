import { Transcriber } from '@/components/transcriber';

export default function TranscribePage() {
  return (
    <>
      <h1>Speech to text</h1>
      <p className="status">
        Upload (or drop) a WAV, MP3, FLAC or OGG file → <code>/api/transcribe</code> (<code>transcribe()</code> with{' '}
        <code>vllm.transcriptionModel</code> on <code>/v1/audio/transcriptions</code>, e.g.{' '}
        <code>vllm serve openai/whisper-large-v3-turbo</code>).
      </p>
      <Transcriber />
    </>
  );
}
