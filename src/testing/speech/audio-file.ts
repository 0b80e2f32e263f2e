/** What the emulator reads from an uploaded audio file. */
export interface DecodedAudio {
  /** Container format, by signature. */
  format: 'wav' | 'mp3' | 'flac' | 'ogg' | 'webm' | 'mp4';
  /** Duration in seconds: exact for PCM WAV, estimated from the size (128 kbit/s) for compressed formats. */
  durationSeconds: number;
  /** Per-second loudness 0–1 of PCM WAV (for quiet-point chunking); `undefined` for compressed formats. */
  loudness: number[] | undefined;
}

/** Assumed bit rate of compressed audio the emulator cannot decode (bytes per second). */
const COMPRESSED_BYTES_PER_SECOND = 16_000;

function readWav(data: Buffer): DecodedAudio | undefined {
  let offset = 12;
  let channels = 0;
  let sampleRate = 0;
  let bitsPerSample = 0;
  let formatTag = 0;
  while (offset + 8 <= data.length) {
    const id = data.toString('ascii', offset, offset + 4);
    const size = data.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ' && body + 16 <= data.length) {
      formatTag = data.readUInt16LE(body);
      channels = data.readUInt16LE(body + 2);
      sampleRate = data.readUInt32LE(body + 4);
      bitsPerSample = data.readUInt16LE(body + 14);
    } else if (id === 'data') {
      if (channels === 0 || sampleRate === 0 || bitsPerSample === 0) return undefined;
      const frameBytes = channels * (bitsPerSample / 8);
      const available = Math.min(size, data.length - body);
      const frames = Math.floor(available / frameBytes);
      return {
        format: 'wav',
        durationSeconds: frames / sampleRate,
        loudness:
          formatTag === 1 && bitsPerSample === 16
            ? loudness(data, body, frames, channels, sampleRate)
            : undefined,
      };
    }
    offset = body + size + (size % 2);
  }
  return undefined;
}

/** Mean absolute amplitude per second of 16-bit PCM (first channel), 0–1. */
function loudness(
  data: Buffer,
  start: number,
  frames: number,
  channels: number,
  sampleRate: number,
): number[] {
  const seconds: number[] = [];
  for (let second = 0; second * sampleRate < frames; second++) {
    const first = second * sampleRate;
    const last = Math.min(frames, first + sampleRate);
    let sum = 0;
    for (let frame = first; frame < last; frame += 8)
      sum += Math.abs(data.readInt16LE(start + frame * channels * 2));
    seconds.push(sum / (Math.ceil((last - first) / 8) * 32_768));
  }
  return seconds;
}

/**
 * Identifies an uploaded audio file by its signature and reads its duration, or `undefined` when
 * it is not audio vLLM's loader (soundfile, then ffmpeg) would decode.
 */
export function decodeAudio(data: Buffer): DecodedAudio | undefined {
  const head = (start: number, end: number) => data.toString('latin1', start, end);
  const estimated = (format: DecodedAudio['format']): DecodedAudio => ({
    format,
    durationSeconds: data.length / COMPRESSED_BYTES_PER_SECOND,
    loudness: undefined,
  });
  if (head(0, 4) === 'RIFF' && head(8, 12) === 'WAVE') return readWav(data);
  if (head(0, 4) === 'fLaC') return estimated('flac');
  if (head(0, 4) === 'OggS') return estimated('ogg');
  if (data.length >= 4 && data.readUInt32BE(0) === 0x1a45dfa3) return estimated('webm');
  if (head(4, 8) === 'ftyp') return estimated('mp4');
  if (head(0, 3) === 'ID3' || (data.length >= 2 && data[0] === 0xff && (data[1] & 0xe0) === 0xe0))
    return estimated('mp3');
  return undefined;
}
