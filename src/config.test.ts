import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, loadConfig } from './config.ts';

describe('configuration', () => {
  it('reads the judge workers of a re-check, unset by default', () => {
    expect(loadConfig({}).RECHECK_WORKERS).toBeUndefined();
    expect(loadConfig({ RECHECK_WORKERS: '3' }).RECHECK_WORKERS).toBe(3);
    expect(loadConfig({ RECHECK_WORKERS: '0' }).RECHECK_WORKERS).toBe(0);
    expect(() => loadConfig({ RECHECK_WORKERS: '-1' })).toThrow(/RECHECK_WORKERS/);
    expect(() => loadConfig({ RECHECK_WORKERS: 'many' })).toThrow(/RECHECK_WORKERS/);
  });

  it('every setting is documented in the README', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const documented = new Set([...readme.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]));
    expect(CONFIG_VARIABLES.filter((name) => !documented.has(name))).toEqual([]);
  });
});
