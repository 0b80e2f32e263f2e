/**
 * A 16-bit mono PCM WAV of `seconds` (a 440 Hz tone at 16 kHz, silent in the second half of every
 * tenth second), for speech-to-text tests and examples.
 */
export function sineWav(seconds: number, sampleRate = 16_000): Uint8Array {
  const frames = Math.round(seconds * sampleRate);
  const buffer = new ArrayBuffer(44 + frames * 2);
  const view = new DataView(buffer);
  const ascii = (offset: number, text: string) => {
    for (let index = 0; index < text.length; index++) view.setUint8(offset + index, text.charCodeAt(index));
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + frames * 2, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, frames * 2, true);
  for (let frame = 0; frame < frames; frame++) {
    const second = frame / sampleRate;
    const quiet = second % 10 >= 9.5;
    view.setInt16(
      44 + frame * 2,
      quiet ? 0 : Math.round(Math.sin((2 * Math.PI * 440 * frame) / sampleRate) * 12_000),
      true,
    );
  }
  return new Uint8Array(buffer);
}
