import { pcmToWav } from '../../src/provider/models/transcription/pcm-to-wav';

/**
 * A 16-bit mono PCM WAV of `seconds` (a 440 Hz tone at 16 kHz, silent in the second half of every
 * tenth second), for speech-to-text tests and examples.
 */
export function sineWav(seconds: number, sampleRate = 16_000): Uint8Array {
  const frames = Math.round(seconds * sampleRate);
  const pcm = new Uint8Array(frames * 2);
  const view = new DataView(pcm.buffer);
  for (let frame = 0; frame < frames; frame++) {
    const second = frame / sampleRate;
    const quiet = second % 10 >= 9.5;
    view.setInt16(
      frame * 2,
      quiet ? 0 : Math.round(Math.sin((2 * Math.PI * 440 * frame) / sampleRate) * 12_000),
      true,
    );
  }
  return pcmToWav(pcm, sampleRate);
}
