// Speech-to-text with a Whisper model on vLLM (`/v1/audio/transcriptions`, multipart upload):
// the text, the segments with timestamps (verbose_json), a translation to English, and the
// transcript streamed as vLLM decodes it.
//   npm run example transcribe
import { experimental_streamTranscribe, transcribe } from 'ai';
import { createVllm, type VllmTranscriptionModelOptions } from 'vllm-ai-provider';
import { exampleServer } from './helpers/example-server';

// `vllm serve openai/whisper-large-v3` (not the turbo variant: it was not trained to translate, step 2)
await using server = await exampleServer({ model: 'openai/whisper-large-v3' });
const vllm = createVllm({ baseURL: server.baseURL });

// 40 s of 16 kHz mono WAV (a tone; use readFileSync('meeting.wav') for real speech). Longer than
// Whisper's 30 s window: vLLM cuts it into chunks and the segment times run on across them.
function wav(seconds: number, rate = 16_000): Uint8Array {
  const samples = seconds * rate;
  const view = new DataView(new ArrayBuffer(44 + samples * 2));
  const ascii = (offset: number, text: string) => {
    for (let index = 0; index < text.length; index++) view.setUint8(offset + index, text.charCodeAt(index));
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + samples * 2, true);
  ascii(8, 'WAVEfmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, samples * 2, true);
  for (let index = 0; index < samples; index++)
    view.setInt16(44 + index * 2, Math.round(Math.sin(index / 8) * 8000), true);
  return new Uint8Array(view.buffer);
}
const audio = wav(40);

// 1. Text, language, duration and segment timestamps.
const result = await transcribe({
  model: vllm.transcriptionModel(server.model),
  audio,
  providerOptions: {
    vllm: {
      language: 'en',
      responseFormat: 'verbose_json',
      temperature: 0,
    } satisfies VllmTranscriptionModelOptions,
  },
});
console.log(`text: ${result.text}`);
console.log(
  `language: ${result.language}, duration: ${result.durationInSeconds} s, ${result.segments.length} segments`,
);
for (const segment of result.segments.slice(0, 3))
  console.log(`  [${segment.startSecond.toFixed(2)}–${segment.endSecond.toFixed(2)}] ${segment.text}`);

// 2. Translation to English (/v1/audio/translations).
const translated = await transcribe({ model: vllm.translationModel(server.model), audio: wav(5) });
console.log(`translation: ${translated.text}`);

// 3. The transcript streamed as vLLM decodes (the audio is uploaded whole first).
const streamed = experimental_streamTranscribe({
  model: vllm.transcriptionModel(server.model),
  audio: new ReadableStream({
    start(controller) {
      controller.enqueue(wav(5));
      controller.close();
    },
  }),
  inputAudioFormat: { type: 'audio/wav' },
});
process.stdout.write('streamed: ');
for await (const part of streamed.fullStream)
  if (part.type === 'transcript-delta') process.stdout.write(part.delta);
console.log();
