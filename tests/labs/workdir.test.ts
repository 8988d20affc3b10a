// The working folder: `milklab lab NN` copies the README and starter files, and never
// overwrites a file that is already there.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLab } from '../../src/labs/discover.js';
import { copyStarter, defaultWorkdir, starterFiles, submissionPath } from '../../src/labs/workdir.js';

const found = findLab('write-clock');
if (!found.ok) throw new Error('lab 02');
const lab = found.lab;

describe('copyStarter', () => {
  it('copies the README and starter files, creating folders', () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'milklab-wd-')), 'deep', 'lab');
    const r = copyStarter(lab, dir);
    expect(r).toEqual({ ok: true, written: ['README.md', 'clock.ts', 'traces/classic.txt'], kept: [] });
    expect(readFileSync(submissionPath(lab, dir), 'utf8')).toBe(readFileSync(path.join(lab.dir, 'clock.ts'), 'utf8'));
  });

  it('keeps files that exist and copies only the missing ones', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'milklab-wd-'));
    writeFileSync(path.join(dir, 'clock.ts'), '// my work\n');
    const r = copyStarter(lab, dir);
    expect(r).toEqual({ ok: true, written: ['README.md', 'traces/classic.txt'], kept: ['clock.ts'] });
    expect(readFileSync(path.join(dir, 'clock.ts'), 'utf8')).toBe('// my work\n');
    expect(copyStarter(lab, dir)).toEqual({ ok: true, written: [], kept: starterFiles(lab) });
  });

  it('reports a folder it cannot write', () => {
    const blocker = path.join(mkdtempSync(path.join(os.tmpdir(), 'milklab-wd-')), 'file');
    writeFileSync(blocker, '');
    const r = copyStarter(lab, path.join(blocker, 'sub'));
    expect(r.ok).toBe(false);
    expect(existsSync(path.join(blocker, 'sub'))).toBe(false);
  });

  it('defaults to ./milklab-labs/NN-name, or the current folder when it is the lab’s', () => {
    expect(defaultWorkdir(lab, '/home/me')).toBe('/home/me/milklab-labs/02-write-clock');
    expect(defaultWorkdir(lab, '/home/me/milklab-labs/02-write-clock')).toBe('/home/me/milklab-labs/02-write-clock');
  });
});
