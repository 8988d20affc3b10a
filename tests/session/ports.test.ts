// Wiring services to the kernel: resolveService turns a built-in name or a service file into a
// service of the wanted kind, failing with one line that names the thing (never a throw); makePorts
// gives each process its own replacement host and adds readahead/allocator ports only when given.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ejectedSource } from '../../src/cli/eject.js';
import type { BitsData } from '../../src/machine/kernel/ports.js';
import { findBuiltin } from '../../src/services/builtin/index.js';
import type { AllocatorService, ReadaheadService, ReplacementPolicy } from '../../src/services/protocol.js';
import { makePorts, resolveService } from '../../src/session/ports.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'milklab-ports-'));
const file = (name: string, text: string): string => { const f = path.join(dir, name); writeFileSync(f, text); return f; };

const fifo = findBuiltin('fifo') as ReplacementPolicy<any>;
const sequential = findBuiltin('sequential') as ReadaheadService<any>;
const equal = findBuiltin('equal') as AllocatorService<any>;

/** Bits over frames 0..n-1 with the given resident frames (oldest first). */
function bits(n: number, frames: number[]): BitsData {
  const stamp = new Int32Array(n);
  for (const f of frames) stamp[f] = 1;
  return { frames, referenced: new Uint8Array(n), dirty: new Uint8Array(n), vpn: new Int32Array(n).map((_, i) => 100 + i), now: 0, stamp, epoch: 1 };
}

describe('resolveService: built-ins', () => {
  it('finds a built-in of the wanted kind', async () => {
    for (const [name, kind] of [['clock', 'replacement'], ['sequential', 'readahead'], ['pff', 'allocator']] as const) {
      const r = await resolveService(name, kind);
      expect(r.ok && [r.service.name, r.service.kind]).toEqual([name, kind]);
      expect(r.ok && r.service).toBe(findBuiltin(name));
    }
  });

  it('names the built-ins of that kind when the name is unknown', async () => {
    expect(await resolveService('nru', 'replacement')).toEqual({ ok: false, message: "unknown replacement policy 'nru' (built-in: fifo, clock, aging, s3fifo, lru, opt; or give a .ts file)" });
    expect(await resolveService('nope', 'readahead')).toEqual({ ok: false, message: "unknown readahead service 'nope' (built-in: sequential; or give a .ts file)" });
    expect(await resolveService('nope', 'allocator')).toEqual({ ok: false, message: "unknown frame allocator 'nope' (built-in: pff, equal; or give a .ts file)" });
  });

  it('says what a built-in of another kind is', async () => {
    expect(await resolveService('sequential', 'replacement')).toEqual({ ok: false, message: "'sequential' is a readahead service, not a replacement policy" });
    expect(await resolveService('fifo', 'allocator')).toEqual({ ok: false, message: "'fifo' is a replacement policy, not a frame allocator" });
  });
});

describe('resolveService: files', () => {
  it('loads a service file (anything with a slash or a .ts/.js ending is a file)', async () => {
    const f = file('my-fifo.ts', ejectedSource('fifo')!);
    const r = await resolveService(f, 'replacement');
    expect(r.ok && [r.service.name, r.service.kind]).toEqual(['fifo', 'replacement']);
    expect(r.ok && r.service).not.toBe(fifo); // its own copy, from the file
  });

  it('refuses a file that exports a service of another kind, naming the file', async () => {
    const f = file('alloc.ts', ejectedSource('equal')!);
    expect(await resolveService(f, 'replacement')).toEqual({ ok: false, message: `${f}: exports a frame allocator, not a replacement policy` });
  });

  it('treats a name like a file once it has a file ending, and reports it missing', async () => {
    expect(await resolveService('clock.ts', 'replacement')).toEqual({ ok: false, message: 'clock.ts: no such file' });
    const missing = path.join(dir, 'nowhere', 'p.ts');
    expect(await resolveService(missing, 'replacement')).toEqual({ ok: false, message: `${missing}: no such file` });
  });

  it('reports a compile error as file:line:col: message, in one line', async () => {
    const f = file('broken.ts', "import { definePolicy } from 'milklab';\nexport default definePolicy({ name: 'b', description: 'd', init: () => null, chooseVictim: (s, b) => { return b.frames[0]! ) } });\n");
    const r = await resolveService(f, 'replacement');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toMatch(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:\\d+: `));
      expect(r.message).not.toContain('\n');
    }
  });
});

describe('makePorts', () => {
  it('gives each process its own replacement host for the policy of its pid', () => {
    const asked: number[] = [];
    const ports = makePorts((pid) => { asked.push(pid); return fifo; });
    const a = ports.replacementFor(1, 'fifo', 8), b = ports.replacementFor(2, 'fifo', 8);
    expect(asked).toEqual([1, 2]);
    expect(a.name).toBe('fifo');
    expect(a.hasScan).toBe(false);
    // separate state: each answers from its own map order
    for (const frame of [3, 1]) expect(a.map({ frame, vpn: 100 + frame, pid: 1 }).ok).toBe(true);
    for (const frame of [5, 4]) expect(b.map({ frame, vpn: 100 + frame, pid: 2 }).ok).toBe(true);
    expect(a.victim(bits(8, [3, 1]))).toEqual({ ok: true, value: { victim: 3, clear: [] } });
    expect(b.victim(bits(8, [5, 4]))).toEqual({ ok: true, value: { victim: 5, clear: [] } });
    expect(a.unmap({ frame: 3, vpn: 103, pid: 1 }).ok).toBe(true);
    expect(a.victim(bits(8, [1]))).toEqual({ ok: true, value: { victim: 1, clear: [] } });
    expect(a.scan(bits(8, [1]))).toEqual({ ok: true, value: { clear: [] } });
  });

  it('reports whether the policy scans', () => {
    const aging = findBuiltin('aging') as ReplacementPolicy<any>; // has onScan
    expect(makePorts(() => aging).replacementFor(1, 'aging', 8).hasScan).toBe(true);
    expect(makePorts(() => fifo).replacementFor(1, 'fifo', 8).hasScan).toBe(false);
  });

  it('adds readahead and allocator ports only when given', () => {
    const bare = makePorts(() => fifo);
    expect(bare.readahead).toBeUndefined();
    expect(bare.allocator).toBeUndefined();
    const full = makePorts(() => fifo, sequential, equal, 10);
    expect(full.readahead?.name).toBe('sequential');
    expect(full.allocator?.name).toBe('equal');
  });

  it('runs the readahead and allocator services through their hosts', () => {
    const ports = makePorts(() => fifo, sequential, equal, 10);
    const fault = (vpn: number) => ports.readahead!.fault({ pid: 1, vpn, write: false, major: true, now: 0 });
    expect(fault(10)).toEqual({ ok: true, value: [] });
    expect(fault(11)).toEqual({ ok: true, value: [12, 13, 14, 15] }); // a run: the first window
    const q = ports.allocator!.quotas({ totalFrames: 10, now: 0, processes: [1, 2, 3].map((pid) => ({ pid, resident: 1, faults: 0, instructions: 0, quota: 3 })) });
    expect(q).toEqual({ ok: true, value: { 1: 4, 2: 3, 3: 3 } });
  });
});
