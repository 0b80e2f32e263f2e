import { transcribe } from 'ai';
import { transcriptionModel } from '@/lib/vllm';

export const maxDuration = 120;

/** A multipart upload (`file`, optional `language`) → vLLM's transcript with segment timings. */
export async function POST(request: Request): Promise<Response> {
  const form = await request.formData();
  const file = form.get('file');
  if (!(file instanceof File)) return Response.json({ error: 'Upload an audio file as "file".' }, { status: 400 });
  const language = form.get('language');
  try {
    const result = await transcribe({
      model: await transcriptionModel(),
      audio: new Uint8Array(await file.arrayBuffer()),
      // Segment timings need response_format verbose_json (Whisper-family models).
      timestampGranularities: ['segment'],
      providerOptions: { vllm: typeof language === 'string' && language !== '' ? { language } : {} },
    });
    return Response.json({
      text: result.text,
      language: result.language,
      durationInSeconds: result.durationInSeconds,
      segments: result.segments,
      warnings: result.warnings,
    });
  } catch (error) {
    return Response.json({ error: error instanceof Error ? error.message : String(error) }, { status: 502 });
  }
}
