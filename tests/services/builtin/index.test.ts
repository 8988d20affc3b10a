import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_FILES, BUILTIN_SERVICES, findBuiltin, isTraceOnly } from '../../../src/services/builtin/index.js';
import { ROOT } from '../../helpers/cli.js';

describe('built-in services registry', () => {
  it('has the nine services by name', () => {
    expect(BUILTIN_SERVICES.map((s) => s.name)).toEqual(['fifo', 'clock', 'aging', 's3fifo', 'lru', 'opt', 'sequential', 'pff', 'equal']);
    expect(findBuiltin('sequential')?.kind).toBe('readahead');
    expect(findBuiltin('pff')?.kind).toBe('allocator');
    expect(findBuiltin('nope')).toBeUndefined();
  });
  it('each has a one-line description', () => {
    for (const s of BUILTIN_SERVICES) expect(s.description, s.name).toMatch(/^[^\n]{10,100}$/);
  });
  it('marks exactly lru and opt as trace only', () => {
    expect(BUILTIN_SERVICES.filter(isTraceOnly).map((s) => s.name)).toEqual(['lru', 'opt']);
  });
  it('each file imports only the protocol and uses no randomness or wall time', () => {
    for (const [name, file] of Object.entries(BUILTIN_FILES)) {
      const src = readFileSync(path.join(ROOT, 'src/services/builtin', file), 'utf8');
      const imports = [...src.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]);
      expect(imports, name).toEqual(['../protocol.js']);
      expect(src, name).not.toMatch(/Math\.random|Date|performance/);
      expect(src.startsWith('//'), name).toBe(true);
    }
  });
});
