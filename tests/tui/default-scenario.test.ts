// The default lab: a working folder with an ejected FIFO (never overwritten), three workloads
// that keep the machine busy, and the UI's refusal without a terminal.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ejectedSource } from '../../src/cli/eject.js';
import { DEFAULT_FRAMES, defaultPrograms, openDefault, prepareWorkFolder } from '../../src/tui/default-scenario.js';
import { findWorkload } from '../../src/workloads/registry.js';

describe('the default lab', () => {
  it('creates milklab-work/policy.ts as an ejected FIFO, and never overwrites it', () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'milklab-lab-'));
    const file = prepareWorkFolder(cwd);
    expect(file).toBe(path.join(cwd, 'milklab-work', 'policy.ts'));
    expect(readFileSync(file, 'utf8')).toBe(ejectedSource('fifo'));
    writeFileSync(file, '// mine\n');
    expect(prepareWorkFolder(cwd)).toBe(file);
    expect(readFileSync(file, 'utf8')).toBe('// mine\n');
  });
  it('runs three workloads whose footprint is far above the frames', () => {
    const ps = defaultPrograms();
    expect(ps.map((p) => p.argv[0])).toEqual(['loop', 'zipf', 'seqscan']);
    expect(Number(ps[0]!.argv[1])).toBeGreaterThan(DEFAULT_FRAMES); // loop alone does not fit
    const footprint = ps.reduce((a, p) => a + findWorkload(p.name)!.footprintPages, 0);
    expect(footprint).toBeGreaterThan(4 * DEFAULT_FRAMES);
  });
  it('without a terminal, sets up the folder and returns 2', async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'milklab-lab-'));
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const tty = process.stdout.isTTY;
    Object.defineProperty(process.stdout, 'isTTY', { value: false, configurable: true });
    try {
      expect(await openDefault(cwd)).toBe(2);
    } finally {
      Object.defineProperty(process.stdout, 'isTTY', { value: tty, configurable: true });
      err.mockRestore();
    }
    expect(existsSync(path.join(cwd, 'milklab-work', 'policy.ts'))).toBe(true);
  });
});
