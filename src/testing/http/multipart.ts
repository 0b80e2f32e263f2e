/** One uploaded file of a multipart form. */
export interface MultipartFile {
  filename: string;
  contentType: string | undefined;
  data: Buffer;
}

/** A parsed `multipart/form-data` body: text fields (last value wins, every value kept) and files. */
export interface MultipartForm {
  fields: Map<string, string[]>;
  files: Map<string, MultipartFile>;
}

/** The boundary of a `multipart/form-data` content type, or `undefined` for any other type. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const [mediaType, ...parameters] = contentType.split(';');
  if (mediaType.trim().toLowerCase() !== 'multipart/form-data') return undefined;
  for (const parameter of parameters) {
    const [name, ...value] = parameter.split('=');
    if (name.trim().toLowerCase() === 'boundary')
      return value
        .join('=')
        .trim()
        .replace(/^"(.*)"$/, '$1');
  }
  return undefined;
}

/** `name="file"; filename="a.wav"` → `{ name, filename }` (RFC 7578 quoting). */
function dispositionParameters(header: string): Record<string, string> {
  const parameters: Record<string, string> = {};
  for (const match of header.matchAll(/;\s*([\w*-]+)="((?:[^"\\]|\\.)*)"|;\s*([\w*-]+)=([^;\s]+)/g)) {
    const name = (match[1] ?? match[3]).toLowerCase();
    parameters[name] = (match[2] ?? match[4]).replace(/\\(.)/g, '$1');
  }
  return parameters;
}

/**
 * Parses a `multipart/form-data` body as Starlette does for vLLM's `Form()` endpoints: parts are
 * split on `--boundary`, each has headers (`Content-Disposition` with `name` and optionally
 * `filename`, `Content-Type`), a blank line and the raw bytes. Throws a `SyntaxError` on a body
 * that is not valid multipart for `boundary`.
 */
export function parseMultipart(body: Buffer, boundary: string): MultipartForm {
  const form: MultipartForm = { fields: new Map(), files: new Map() };
  const delimiter = Buffer.from(`--${boundary}`);
  let position = body.indexOf(delimiter);
  if (position === -1) throw new SyntaxError('multipart body without its boundary');
  for (;;) {
    position += delimiter.length;
    if (body.subarray(position, position + 2).toString() === '--') return form;
    if (body.subarray(position, position + 2).toString() === '\r\n') position += 2;
    const headerEnd = body.indexOf('\r\n\r\n', position);
    if (headerEnd === -1) throw new SyntaxError('multipart part without a header end');
    const headers = new Map<string, string>();
    for (const line of body.subarray(position, headerEnd).toString('utf8').split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + 4);
    if (next === -1) throw new SyntaxError('multipart part without a closing boundary');
    const data = body.subarray(headerEnd + 4, next);
    const disposition = dispositionParameters(headers.get('content-disposition') ?? '');
    const name = disposition.name;
    if (name !== undefined) {
      if (disposition.filename !== undefined) {
        form.files.set(name, {
          filename: disposition.filename,
          contentType: headers.get('content-type'),
          data,
        });
      } else {
        form.fields.set(name, [...(form.fields.get(name) ?? []), data.toString('utf8')]);
      }
    }
    position = next + 2;
  }
}
