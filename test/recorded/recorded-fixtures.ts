import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { VllmEmulatorVersion } from '../../src/testing/index';

/** Where a recorded body was published. */
export interface FixtureSource {
  url?: string;
  repository?: string;
  path?: string;
  commit?: string;
  description: string;
}

/** One verbatim vLLM response body with its provenance (`test/fixtures/recorded/<endpoint>/<id>.json`). */
export interface RecordedFixture {
  id: string;
  /** Directory: chat, chat-stream, completion, completion-stream, embeddings, rerank, score, tokenize, models, metrics, version, errors. */
  endpoint: string;
  source: FixtureSource;
  /** The vLLM release (or main date) that produced it, as far as the source tells. */
  vllmVersion: string;
  /** The emulator profile the shape test compares with; `null` = no shape test (reason in `note`). */
  emulatorProfile: VllmEmulatorVersion | null;
  server: { model?: string; flags?: string[]; [key: string]: unknown };
  /** The request that produced the body; `body: null` when it was not published (see `known`). */
  request: { method: string; path: string; body: Record<string, unknown> | null; known?: string };
  /** What was cut from the published text, conversions, and anything odd. */
  note: string;
  /** Appended to the body when replaying a stream the note says was cut (only ever `data: [DONE]`). */
  replayAppend?: string;
  /** `false` = no shape test although the profile is known (a server bug the emulator does not copy; see `note`). */
  shapeTest?: boolean;
  /** Known shape differences from the emulator, each `path: reason` (checked exactly by the shape test). */
  shapeDifferences?: Record<string, string>;
  response: { status: number; contentType: string; body: string };
}

const ROOT = join(import.meta.dirname, '..', 'fixtures', 'recorded');

/** Every fixture file, sorted by endpoint and id. */
export function loadRecordedFixtures(): RecordedFixture[] {
  const fixtures: RecordedFixture[] = [];
  for (const endpoint of readdirSync(ROOT).sort()) {
    for (const file of readdirSync(join(ROOT, endpoint)).sort()) {
      if (!file.endsWith('.json')) continue;
      const fixture = JSON.parse(readFileSync(join(ROOT, endpoint, file), 'utf8')) as RecordedFixture;
      if (fixture.endpoint !== endpoint || `${fixture.id}.json` !== file) {
        throw new Error(`Fixture ${endpoint}/${file}: id/endpoint do not match its path.`);
      }
      fixtures.push(fixture);
    }
  }
  return fixtures;
}
