// `milklab run` end to end: guest output, the --json contract, bad input, events, swap-at,
// record-trace feeding trace mode.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { milklab, ROOT } from '../helpers/cli.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'milklab-run-'));
const expectedTiny = (name: string): string => readFileSync(path.join(ROOT, 'workloads/expected', `${name}.tiny.txt`), 'utf8');

describe('milklab run', () => {
  it('passes guest output through and ends stdout with the JSON contract', () => {
    const r = milklab(['run', 'sieve', '--frames', '16', '--policy', 'fifo', '--json', '--', '1000']);
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.slice(0, -1).join('\n') + '\n').toBe(expectedTiny('sieve'));
    const j = JSON.parse(lines.at(-1)!);
    for (const k of ['instructions', 'cycles', 'wallSeconds', 'mips', 'evictions', 'swapIns', 'swapOuts']) expect(typeof j[k]).toBe('number');
    expect(j.faults).toEqual({ minor: expect.any(Number), major: expect.any(Number) });
    expect(j.processes).toEqual([expect.objectContaining({ pid: 1, name: 'sieve', exitCode: 0, instructions: j.instructions, faults: j.faults })]);
    expect(j.instructions).toBe(17372); // the count qemu's instruction plugin gives (workloads/manifest.json)
  });
  it('runs several workloads as processes and is deterministic', () => {
    const a = milklab(['run', 'sieve', 'crc', '--frames', '24', '--json', '--', '2000']);
    const b = milklab(['run', 'sieve', 'crc', '--frames', '24', '--json', '--', '2000']);
    const ja = JSON.parse(a.stdout.trimEnd().split('\n').at(-1)!), jb = JSON.parse(b.stdout.trimEnd().split('\n').at(-1)!);
    expect(ja.processes.map((p: { name: string }) => p.name)).toEqual(['sieve', 'crc']);
    for (const k of ['instructions', 'cycles', 'faults', 'evictions', 'swapIns', 'swapOuts']) expect(jb[k]).toEqual(ja[k]);
  });
  it('--policy-for gives a process a policy of its own', () => {
    const r = milklab(['run', 'sieve', 'crc', '--frames', '24', '--policy', 'fifo', '--policy-for', '2:s3fifo', '--json', '--', '2000']);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout.trimEnd().split('\n').at(-1)!);
    expect(j.policy).toEqual(['fifo', 's3fifo']);
    expect(j.services.map((s: { service: string; name: string }) => [s.service, s.name])).toEqual([['replacement', 'fifo'], ['replacement (pid 2)', 's3fifo']]);
    expect(milklab(['run', 'sieve', '--policy-for', '3:clock']).stderr).toMatch(/--policy-for needs PID:NAME\|FILE with PID 1\.\.1/);
  });
  it.each([
    [['run'], /name at least one workload/],
    [['run', 'nosuch'], /'nosuch' is neither a built-in workload/],
    [['run', 'sieve', '--frames', '0'], /--frames needs an integer in 1\.\.1048576, got '0'/],
    [['run', 'sieve', '--policy', 'bogus'], /unknown replacement policy 'bogus'/],
    [['run', 'sieve', '--policy', 'opt'], /only trace mode has/],
    [['run', 'sieve', '--bogus'], /run: unknown option '--bogus'/],
    [['run', path.join(ROOT, 'package.json')], /package\.json: not an ELF file/],
    [['run', 'sieve', '--swap-at', 'soon:fifo'], /--swap-at needs INSTRUCTIONS:NAME\|FILE/],
  ])('bad input %j: one line, status 2', (args, msg) => {
    const r = milklab(args);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(msg);
  });
  it('a policy file that does not compile is a one-line error naming file:line:col', () => {
    const f = path.join(dir, 'broken.ts');
    writeFileSync(f, "import { definePolicy } from 'milklab';\nexport default definePolicy({ name: 'b' description: 'x' });\n");
    const r = milklab(['run', 'sieve', '--policy', f]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:\\d+: Expected`));
  });
  it('--swap-at swaps at exact instruction counts and --events writes one JSON object per line', () => {
    const ev = path.join(dir, 'events.jsonl');
    const r = milklab(['run', 'loop', '--frames', '32', '--policy', 'fifo', '--swap-at', '300000:clock', '--swap-at', '600000:s3fifo', '--events', ev, '--', '48', '100']);
    expect(r.status).toBe(0);
    const events = readFileSync(ev, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const swaps = events.filter((e) => e.type === 'swap');
    expect(swaps.map((e) => [e.service, e.fromVersion, e.toVersion, e.instructions])).toEqual([['replacement', 1, 2, 300000], ['replacement', 2, 3, 600000]]);
    for (const s of swaps) expect(s.pauseUs).toBeGreaterThan(0);
    expect(events.map((e) => e.type)).toContain('exit');
  });
  it('--record-trace writes the reference string that trace mode replays', () => {
    const t = path.join(dir, 'sieve.trace');
    expect(milklab(['run', 'sieve', '--record-trace', t, '--', '500']).status).toBe(0);
    const pages = readFileSync(t, 'utf8').trim().split('\n').map(Number);
    expect(pages.length).toBeGreaterThan(100);
    expect(new Set(pages).size).toBeGreaterThan(3);
    for (let i = 1; i < pages.length; i++) expect(pages[i]).not.toBe(pages[i - 1]);
    const opt = JSON.parse(milklab(['trace', t, '--policy', 'opt', '--frames', '3', '--json']).stdout);
    const fifo = JSON.parse(milklab(['trace', t, '--policy', 'fifo', '--frames', '3', '--json']).stdout);
    expect(opt.references).toBe(pages.length);
    expect(opt.faults).toBeLessThanOrEqual(fifo.faults);
  });
});

describe('milklab eject', () => {
  it('writes an editable copy that runs as a policy file, and never overwrites', () => {
    const f = path.join(dir, 'my-clock.ts');
    const r = milklab(['eject', 'clock', f]);
    expect(r.status).toBe(0);
    expect(readFileSync(f, 'utf8')).toContain("from 'milklab'");
    const run = milklab(['run', 'sieve', '--policy', f, '--frames', '16', '--', '1000']);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(expectedTiny('sieve'));
    const again = milklab(['eject', 'clock', f]);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/already exists; not overwriting/);
    expect(milklab(['eject', 'nosuch']).stderr).toMatch(/unknown built-in service 'nosuch'/);
  });
});
