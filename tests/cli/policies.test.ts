// `milklab policies` in-process: one aligned line per built-in service, in registry order, with
// its kind and description; the policies that need trace mode are marked; status 0.
import { describe, expect, it } from 'vitest';
import { policiesCommand } from '../../src/cli/policies.js';
import { BUILTIN_SERVICES } from '../../src/services/builtin/index.js';

function lines(): { status: number; out: string[] } {
  const out: string[] = [];
  const status = policiesCommand((l) => out.push(l));
  return { status, out };
}

describe('policiesCommand', () => {
  it('prints one line per built-in service, in registry order, and returns 0', () => {
    const r = lines();
    expect(r.status).toBe(0);
    expect(r.out).toHaveLength(BUILTIN_SERVICES.length);
    expect(r.out.map((l) => l.split(/\s+/)[0])).toEqual(BUILTIN_SERVICES.map((s) => s.name));
    expect(r.out.map((l) => l.split(/\s+/)[0])).toEqual(['fifo', 'clock', 'aging', 's3fifo', 'lru', 'opt', 'sequential', 'pff', 'equal']);
  });

  it('each line is name, kind and description in fixed columns', () => {
    const r = lines();
    BUILTIN_SERVICES.forEach((s, i) => {
      const l = r.out[i]!;
      expect(l.slice(0, 12)).toBe(s.name.padEnd(11) + ' ');
      expect(l.slice(12, 25)).toBe(s.kind.padEnd(12) + ' ');
      expect(l.slice(25).startsWith(s.description)).toBe(true);
    });
  });

  it('marks exactly the policies that only trace mode can run (lru, opt)', () => {
    const marked = lines().out.filter((l) => l.endsWith(' (trace only)')).map((l) => l.split(' ')[0]);
    expect(marked).toEqual(['lru', 'opt']);
  });

  it('lists every kind: replacement, readahead and allocator', () => {
    const kinds = lines().out.map((l) => l.slice(12, 24).trim());
    expect(new Set(kinds)).toEqual(new Set(['replacement', 'readahead', 'allocator']));
    expect(kinds.indexOf('readahead')).toBeGreaterThan(kinds.lastIndexOf('replacement'));
    expect(kinds.indexOf('allocator')).toBeGreaterThan(kinds.lastIndexOf('readahead'));
  });
});
