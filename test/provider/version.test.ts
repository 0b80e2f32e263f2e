import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src';

describe('VERSION', () => {
  it('is injected from package.json', () => {
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+/);
    expect(VERSION).not.toBe('0.0.0-test');
  });
});
