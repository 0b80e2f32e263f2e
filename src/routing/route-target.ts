/** The endpoint fields a request URL is matched against. */
interface TargetBases {
  readonly baseURL: string;
  readonly serverURL: string;
}

/** Where a request goes, relative to an endpoint: under its base URL (`/v1/...`) or its server root. */
export interface RouteTarget {
  readonly base: 'baseURL' | 'serverURL';
  /** The rest of the URL after the base (path, query). */
  readonly rest: string;
}

/** Where `url` points relative to the canonical endpoint, or `undefined` when it is not under it. */
export function relativeTarget(url: string, canonical: TargetBases): RouteTarget | undefined {
  for (const base of ['baseURL', 'serverURL'] as const) {
    const prefix = canonical[base];
    if (url.startsWith(prefix)) {
      const next = url.charAt(prefix.length);
      if (next === '' || next === '/' || next === '?') return { base, rest: url.slice(prefix.length) };
    }
  }
  return undefined;
}
