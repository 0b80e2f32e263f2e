const HF_TOKEN_PATTERN = /\bhf_[A-Za-z0-9]{20,}\b/g;

/** Returns a function that replaces every secret (and anything shaped like a Hugging Face token) with `***`. */
export function createRedactor(secrets: readonly string[]): (text: string) => string {
  const values = [...new Set(secrets.filter((secret) => secret.length > 0))].sort(
    (a, b) => b.length - a.length,
  );
  return (text) => {
    let result = text;
    for (const secret of values) result = result.split(secret).join('***');
    return result.replace(HF_TOKEN_PATTERN, 'hf_***');
  };
}
