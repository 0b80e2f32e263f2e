// How each vLLM release's speech-to-text endpoints behave where they differ (read from
// vllm/entrypoints/openai/speech_to_text.py — since #32313 speech_to_text/base/serving.py — at each
// release's cut; see src/provider/version/vllm-audio-fields.ts for the form fields).

/** Speech-to-text behaviour of one release. */
export interface SpeechToTextRules {
  /** `verbose_json` (segments) exists: #24209, in the v0.12.0 branch. */
  readonly verboseJson: boolean;
  /** The refusal of other `response_format` values, verbatim (0.12/0.13 lack a space: a vLLM bug). */
  readonly formatsMessage: string;
  /** `usage: {type: "duration", seconds}` in transcription JSON (#23576, 0.10.2). */
  readonly durationUsage: boolean;
  /** Oversized upload: `value-error` = "Maximum file size exceeded." (400); `validation` = HEAD's VLLMValidationError. */
  readonly fileSizeError: 'value-error' | 'validation';
  /** Undecodable audio: a 500 from the decoder until #34715 (2026-03-03) made it 400 "Invalid or unsupported audio file.". */
  readonly invalidAudio: 'internal-error' | 'bad-request';
}

export const SPEECH_0_10: SpeechToTextRules = {
  verboseJson: false,
  formatsMessage: 'Currently only support response_format `text` or `json`',
  durationUsage: false,
  fileSizeError: 'value-error',
  invalidAudio: 'internal-error',
};

export const SPEECH_0_11: SpeechToTextRules = { ...SPEECH_0_10, durationUsage: true };

export const SPEECH_0_12: SpeechToTextRules = {
  ...SPEECH_0_11,
  verboseJson: true,
  formatsMessage: 'Currently only support response_format`text`, `json` or `verbose_json`',
};

export const SPEECH_LATEST: SpeechToTextRules = {
  verboseJson: true,
  formatsMessage: 'Currently only support response_format: `text`, `json` or `verbose_json`',
  durationUsage: true,
  fileSizeError: 'validation',
  invalidAudio: 'bad-request',
};
