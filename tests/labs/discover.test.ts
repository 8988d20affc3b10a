// Finding labs: only NN-slug folders holding a lab.json count, in order; a lab is found by number,
// slug or both (case and spaces aside); an unknown id or a broken lab.json is a typed error whose
// description is one line; displayPath shortens paths under the package root.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeLabError, displayPath, findLab, labNames, labsRoot, loadLab } from '../../src/labs/discover.js';
import { packageRoot } from '../../src/paths.js';
import { ROOT } from '../helpers/cli.js';

/** A minimal valid lab.json (one trace workload, a starter file p.ts). */
const VALID = {
  title: 'T', summary: 'S', minutes: 5, submission: { file: 'p.ts', kind: 'replacement' },
  workloads: { t: { mode: 'trace', trace: { generate: { kind: 'loop', pages: 4, passes: 2 } }, frames: 3 } },
  criteria: [{ name: 'c', measure: { workload: 't', stat: 'faults' }, compare: '>=', target: 0 }],
};

/** A labs root in a temporary folder: `labs` maps folder names to lab.json text (null: no lab.json). */
function root(labs: Record<string, string | null>): string {
  const r = mkdtempSync(path.join(os.tmpdir(), 'milklab-discover-'));
  for (const [name, json] of Object.entries(labs)) {
    mkdirSync(path.join(r, name));
    writeFileSync(path.join(r, name, 'p.ts'), '');
    if (json !== null) writeFileSync(path.join(r, name, 'lab.json'), json);
  }
  return r;
}
const ok = JSON.stringify(VALID);

describe('labNames', () => {
  it('lists NN-slug folders with a lab.json, sorted, and nothing else', () => {
    const r = root({ '10-ten': ok, '02-two': ok, '01-one-more': ok, '03-no-json': null, 'notes': ok, '4-short': ok, '05-Upper': ok, '06_under': ok });
    writeFileSync(path.join(r, '07-a-file'), 'not a folder');
    expect(labNames(r)).toEqual(['01-one-more', '02-two', '10-ten']);
  });

  it('is empty for a folder that does not exist', () => {
    expect(labNames(path.join(os.tmpdir(), 'milklab-no-such-root-xyz'))).toEqual([]);
  });

  it('finds the labs shipped with milklab by default', () => {
    expect(labsRoot()).toBe(path.join(ROOT, 'labs'));
    expect(labNames()).toContain('02-write-clock');
    expect(labNames()).toEqual([...labNames()].sort());
  });
});

describe('findLab', () => {
  const r = root({ '01-first': ok, '02-write-clock': ok, '12-twelve': ok });

  it.each(['2', '02', 'write-clock', '02-write-clock', ' 2 ', 'Write-Clock', '02-WRITE-CLOCK'])('finds lab 02 as %j', (id) => {
    const f = findLab(id, r);
    if (!f.ok) throw new Error(describeLabError(f.error));
    expect(f.lab).toMatchObject({ id: '02', name: '02-write-clock', dir: path.join(r, '02-write-clock') });
    expect(f.lab.config.title).toBe('T');
  });

  it('reads two-digit numbers as they are', () => {
    const f = findLab('12', r);
    expect(f.ok && f.lab.name).toBe('12-twelve');
  });

  it.each(['3', '002', '120', 'clock', 'write', '', '2-write-clock'])('does not find %j, and says which labs there are', (id) => {
    expect(findLab(id, r)).toEqual({ ok: false, error: { kind: 'unknown-lab', id, known: ['01-first', '02-write-clock', '12-twelve'] } });
  });

  it('a lab whose lab.json is broken is a bad-lab error naming the file', () => {
    const b = root({ '01-broken': '{ "title": ', '02-invalid': JSON.stringify({ ...VALID, minutes: 0 }) });
    const f1 = findLab('1', b);
    expect(f1.ok).toBe(false);
    if (!f1.ok) {
      expect(f1.error.kind).toBe('bad-lab');
      expect(describeLabError(f1.error)).toMatch(new RegExp(`^${path.join(b, '01-broken', 'lab.json').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid JSON: `));
    }
    const f2 = findLab('2', b);
    expect(f2.ok ? 'ok' : describeLabError(f2.error)).toBe(`${path.join(b, '02-invalid', 'lab.json')}: minutes: Too small: expected number to be >=1`);
  });
});

describe('loadLab', () => {
  it('loads a lab folder by name, with its id and absolute folder', () => {
    const r = root({ '07-x': ok });
    const l = loadLab('07-x', r);
    if (!l.ok) throw new Error(describeLabError(l.error));
    expect(l.lab.id).toBe('07');
    expect(l.lab.dir).toBe(path.join(r, '07-x'));
    expect(l.lab.config.submission).toEqual({ file: 'p.ts', kind: 'replacement' });
  });

  it('a folder without a readable lab.json is one line, never a throw', () => {
    const r = root({ '07-x': null });
    expect(loadLab('07-x', r)).toEqual({ ok: false, error: { kind: 'bad-lab', message: `${path.join(r, '07-x', 'lab.json')}: cannot read` } });
  });

  it('checks that the files a lab names are in its folder', () => {
    const r = root({ '07-x': JSON.stringify({ ...VALID, files: ['p.ts', 'missing.txt'] }) });
    const l = loadLab('07-x', r);
    expect(l.ok ? 'ok' : describeLabError(l.error)).toBe(`${path.join(r, '07-x', 'lab.json')}: files[1]: missing.txt: no such file in the lab folder`);
  });

  it('every shipped lab loads', () => {
    for (const n of labNames()) {
      const l = loadLab(n);
      expect(l.ok ? n : describeLabError(l.error)).toBe(n);
    }
  });
});

describe('describeLabError', () => {
  it('names the unknown id and the known lab numbers', () => {
    expect(describeLabError({ kind: 'unknown-lab', id: '9', known: ['01-a', '02-b'] })).toBe("no lab '9' (labs: 01, 02; see 'milklab lab')");
  });
  it('says none when there are no labs', () => {
    expect(describeLabError({ kind: 'unknown-lab', id: 'x', known: [] })).toBe("no lab 'x' (labs: none; see 'milklab lab')");
  });
  it('passes a bad-lab message through', () => {
    expect(describeLabError({ kind: 'bad-lab', message: 'labs/01-a/lab.json: title: required' })).toBe('labs/01-a/lab.json: title: required');
  });
});

describe('displayPath', () => {
  it('is relative for files under the package root', () => {
    expect(packageRoot()).toBe(ROOT);
    expect(displayPath(path.join(ROOT, 'labs/02-write-clock/lab.json'))).toBe(path.join('labs', '02-write-clock', 'lab.json'));
  });
  it('is absolute for files elsewhere, including a sibling folder whose name starts like the root', () => {
    const f = path.join(os.tmpdir(), 'lab.json');
    expect(displayPath(f)).toBe(f);
    expect(displayPath(`${ROOT}-other/lab.json`)).toBe(`${ROOT}-other/lab.json`);
  });
  it('names shipped labs’ errors relative to the package', () => {
    // a lab folder under the package root reports its lab.json as labs/NN-name/lab.json
    const l = loadLab('99-not-there', path.join(ROOT, 'labs'));
    expect(l).toEqual({ ok: false, error: { kind: 'bad-lab', message: 'labs/99-not-there/lab.json: cannot read' } });
  });
});
