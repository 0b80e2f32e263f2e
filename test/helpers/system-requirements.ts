import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Tests that need a Docker engine or a browser skip locally (with a message naming what is
 * missing) but FAIL when `REQUIRE_SYSTEM_TESTS=1`, which `.ci/run` sets: in CI a skip must never
 * stand in for a test that did not run.
 */
export const systemTestsRequired = process.env.REQUIRE_SYSTEM_TESTS === '1';

let dockerAvailable: boolean | undefined;

/** Whether `docker info` answers (a running engine, not just the client). */
export function hasDocker(): boolean {
  if (dockerAvailable === undefined) {
    try {
      execFileSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: 'pipe', timeout: 10_000 });
      dockerAvailable = true;
    } catch {
      dockerAvailable = false;
    }
  }
  return dockerAvailable;
}

/** Path of Debian's Chromium, if installed. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Whether Debian's Chromium is installed. */
export function hasChromium(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/**
 * Returns `true` when the tests needing `name` should be skipped. Use with `describe.skipIf(...)`.
 * Throws when the requirement is missing and `REQUIRE_SYSTEM_TESTS=1`.
 */
export function requireOrSkip(name: string, available: boolean): boolean {
  if (available) return false;
  const message = `${name} is not available: install and start it (see .ci/run) to run these tests.`;
  if (systemTestsRequired) throw new Error(`REQUIRE_SYSTEM_TESTS=1 but ${message}`);
  process.stderr.write(`[skipped] ${message}\n`);
  return true;
}
