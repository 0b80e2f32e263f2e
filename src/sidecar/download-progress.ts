import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isLocalModelPath } from './option-validators';

/** The Hugging Face cache directory of a repo: `<HF_HOME>/hub/models--org--name`. */
export function hfCacheModelDirectory(hfCachePath: string, model: string): string | undefined {
  if (isLocalModelPath(model)) return undefined;
  return join(hfCachePath, 'hub', `models--${model.split('/').join('--')}`);
}

/** Total size in bytes of the regular files under `path` (symlinks not followed), or undefined if absent. */
export async function directorySize(path: string): Promise<number | undefined> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(path, { withFileTypes: true });
  } catch {
    return undefined;
  }
  let total = 0;
  for (const entry of entries) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) total += (await directorySize(child)) ?? 0;
    else if (entry.isFile())
      total += await stat(child).then(
        (info) => info.size,
        () => 0,
      );
  }
  return total;
}
