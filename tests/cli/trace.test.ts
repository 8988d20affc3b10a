import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { milklab, ROOT } from '../helpers/cli.js';

let dir = '';
const at = (name: string): string => path.join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'milklab-trace-'));
  writeFileSync(at('belady.txt'), '# Belady\n1\n2\n3\n4\n1\n2\n5\n1\n2\n3\n4\n5\n');
  writeFileSync(at('bad.txt'), `${'1\n'.repeat(16)}abc\n`);
  writeFileSync(at('empty.txt'), '# nothing\n');
  writeFileSync(at('lackey.out'), '==9== Lackey\nI  00401000,4\n L 00402000,8\n S 00403ffc,8\nI  00401004,4\n');
  writeFileSync(at('syntax.ts'), "import { definePolicy } from 'milklab';\nexport default definePolicy({\n  name: 'x', description: '', init: () => null,\n  chooseVictim: (s, b) => b.frames[0]!!!;\n});\n");
  writeFileSync(at('newest.ts'), "import { definePolicy } from 'milklab';\nexport default definePolicy({ name: 'newest', description: 'evicts the newest', init: () => null, chooseVictim: (_s, b) => b.frames[b.frames.length - 1]! });\n");
  writeFileSync(at('thrower.ts'), "import { definePolicy } from 'milklab';\nexport default definePolicy({ name: 'thrower', description: '', init: () => null, chooseVictim: () => { throw new Error('nope'); } });\n");
  writeFileSync(at('ra.ts'), "import { defineReadahead } from 'milklab';\nexport default defineReadahead({ name: 'ra', description: '', init: () => null, onFault: () => [] });\n");
  writeFileSync(at('clock.ts'), readFileSync(path.join(ROOT, 'src/services/builtin/clock.ts'), 'utf8').replace("'../protocol.js'", "'milklab'"));
});

const oneLineError = (r: { status: number | null; stdout: string; stderr: string }, text: string | RegExp): void => {
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  if (typeof text === 'string') expect(r.stderr).toBe(`milklab: ${text}\n`);
  else expect(r.stderr).toMatch(text);
};

describe('milklab trace (end to end)', () => {
  it('prints the table', () => {
    const r = milklab(['trace', at('belady.txt'), '--policy', 'fifo', '--frames', '3']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('policy      fifo\nframes      3\nreferences  12\nfaults      9\nhits        3\nhit ratio   25.00%\n');
  });
  it('prints exactly one JSON line with --json', () => {
    const r = milklab(['trace', at('belady.txt'), '--policy', 'opt', '--frames', '4', '--json']);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')).toHaveLength(2);
    expect(r.stdout.startsWith('{"references":12,"faults":6,"hits":6,"policy":"opt","frames":4,')).toBe(true);
    expect(JSON.parse(r.stdout)).toEqual({ references: 12, faults: 6, hits: 6, policy: 'opt', frames: 4, hitRatio: 0.5, evictions: 2, writebacks: 0, fallbacks: 0, serviceErrors: 0, format: 'plain' });
  });
  it('shows the anomaly: FIFO faults more with 4 frames than with 3', () => {
    const f = (n: string) => JSON.parse(milklab(['trace', at('belady.txt'), '--policy', 'fifo', '--frames', n, '--json']).stdout).faults;
    expect([f('3'), f('4')]).toEqual([9, 10]);
  });
  it('reads valgrind lackey output', () => {
    const r = milklab(['trace', at('lackey.out'), '--policy', 'lru', '--frames', '2', '--json', '--scan-interval', '2']);
    // pages 0x401, 0x402, 0x403 + 0x404 (the store crosses a page; both dirty), 0x401: all miss with 2 frames
    expect(JSON.parse(r.stdout)).toMatchObject({ references: 5, faults: 5, hits: 0, format: 'lackey', evictions: 3, writebacks: 1 });
  });
  it('runs a policy file, with the same result as the built-in it was ejected from', () => {
    const file = JSON.parse(milklab(['trace', at('belady.txt'), '--policy', at('clock.ts'), '--frames', '3', '--json']).stdout);
    const builtin = JSON.parse(milklab(['trace', at('belady.txt'), '--policy', 'clock', '--frames', '3', '--json']).stdout);
    expect(file).toEqual(builtin);
    expect(JSON.parse(milklab(['trace', at('belady.txt'), '--policy', at('newest.ts'), '--frames', '3', '--json']).stdout)).toMatchObject({ policy: 'newest', faults: 8 }); // MRU: 1 2 3 | 4→3 | 5→4 | 3→5 | 4→3 | 5→4
  });
  it('reports fallbacks of a policy that throws, and still succeeds', () => {
    const r = milklab(['trace', at('belady.txt'), '--policy', at('thrower.ts'), '--frames', '3']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('faults      9\n');
    expect(r.stdout).toContain('fallbacks   6 (unusable answer, oldest page evicted instead; first: threw: nope)\n');
  });
});

describe('milklab trace: errors are one line, exit 2', () => {
  it('missing trace file', () => oneLineError(milklab(['trace', at('nope.txt'), '--policy', 'fifo', '--frames', '3']), `${at('nope.txt')}: no such file`));
  it('malformed line, with its number', () => {
    const r = milklab(['trace', 'bad.txt', '--policy', 'fifo', '--frames', '3'], { cwd: dir });
    oneLineError(r, "bad.txt:17: not a page number: 'abc'");
  });
  it('empty trace', () => oneLineError(milklab(['trace', at('empty.txt'), '--policy', 'fifo', '--frames', '3']), `${at('empty.txt')}: no page references in the trace`));
  it('unknown policy, listing the known ones', () => oneLineError(milklab(['trace', at('belady.txt'), '--policy', 'mru', '--frames', '3']),
    "unknown policy 'mru' (built-in: fifo, clock, aging, s3fifo, lru, opt; or a .ts file)"));
  it.each(['0', '-1', '2.5', 'many'])('--frames %s', (n) => oneLineError(milklab(['trace', at('belady.txt'), '--policy', 'fifo', '--frames', n]), `--frames needs a positive integer, got '${n}'`));
  it('missing --frames or --policy or file', () => {
    oneLineError(milklab(['trace', at('belady.txt'), '--policy', 'fifo']), 'trace: --frames N is required (memory size in frames)');
    oneLineError(milklab(['trace', at('belady.txt'), '--frames', '3']), /^milklab: trace: --policy is required \(fifo, clock/);
    oneLineError(milklab(['trace', '--policy', 'fifo', '--frames', '3']), /^milklab: trace: give exactly one trace file/);
    oneLineError(milklab(['trace', at('belady.txt'), '--frames', '3', '--policy', 'fifo', '--verbose']), "trace: unknown option '--verbose'");
  });
  it('a policy file that does not compile: file:line:col: message', () => {
    oneLineError(milklab(['trace', at('belady.txt'), '--policy', 'syntax.ts', '--frames', '3'], { cwd: dir }), 'syntax.ts:4:41: Expected "}" but found ";"');
  });
  it('a missing policy file', () => oneLineError(milklab(['trace', at('belady.txt'), '--policy', 'gone.ts', '--frames', '3'], { cwd: dir }), 'gone.ts: no such file'));
  it('a service that is not a replacement policy needs the machine', () => {
    oneLineError(milklab(['trace', at('belady.txt'), '--policy', 'pff', '--frames', '3']), /^milklab: 'pff' is an allocator service: it needs the machine; trace mode runs replacement policies \(fifo, clock/);
    oneLineError(milklab(['trace', at('belady.txt'), '--policy', at('ra.ts'), '--frames', '3']), /exports 'ra', which is a readahead service: it needs the machine/);
  });
});

describe('milklab policies', () => {
  it('lists every built-in service, one line each, trace-only ones marked', () => {
    const r = milklab(['policies']);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual([
      'fifo replacement', 'clock replacement', 'aging replacement', 's3fifo replacement', 'lru replacement', 'opt replacement',
      'sequential readahead', 'pff allocator', 'equal allocator',
    ]);
    expect(lines.filter((l) => l.endsWith('(trace only)')).map((l) => l.split(' ')[0])).toEqual(['lru', 'opt']);
  });
  it('help mentions trace and policies', () => {
    const r = milklab(['help']);
    expect(r.stdout).toContain('milklab trace <file>');
    expect(r.stdout).toContain('milklab policies');
  });
});

describe('milklab trace --shadow', () => {
  it('reports the candidate\'s exact fault count on the same references', () => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'milklab-shadow-'));
    const f = path.join(d, 'belady.txt');
    writeFileSync(f, '1\n2\n3\n4\n1\n2\n5\n1\n2\n3\n4\n5\n');
    const r = milklab(['trace', f, '--policy', 'fifo', '--frames', '3', '--shadow', 'opt', '--json']);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.faults).toBe(9);
    expect(j.shadow).toEqual({ policy: 'opt', faults: 7, hits: 5, fallbacks: 0 });
  });
});
