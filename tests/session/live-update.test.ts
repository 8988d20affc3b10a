// Live update through the session: swaps carry state at exact instruction counts, broken versions
// are refused or rolled back with an event, and the workload's output never changes.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseElf } from '../../src/machine/hw/elf.js';
import { Session, type SessionEvent } from '../../src/session/session.js';
import { loadVersion } from '../../src/session/versions.js';
import { ejectedSource } from '../../src/cli/eject.js';
import { findWorkload } from '../../src/workloads/registry.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'milklab-live-'));
const CLOCK = ejectedSource('clock')!;
const FIFO = ejectedSource('fifo')!;
let n = 0;
function file(src: string): string {
  const f = path.join(dir, `svc${n++}.ts`);
  writeFileSync(f, src);
  return f;
}
/** A FIFO whose chooseVictim is replaced by `body` (a function body over (s, bits)). */
const brokenFifo = (body: string): string => FIFO.replace(/chooseVictim\(([^)]*)\)\s*\{/, (_m, args) => `chooseVictim(${args}) { ${body};`);

const w = findWorkload('loop')!;
const img = parseElf(new Uint8Array(readFileSync(w.file)));
if (!img.ok) throw new Error('loop.elf');
const ARGS = ['loop', '48', '300']; // ~3.8M instructions, ~14k major faults with 32 frames

async function session(policy: string, opts: { probation?: number } = {}) {
  let out = '';
  const events: SessionEvent[] = [];
  const c = await Session.create({
    frames: 32, seed: 1, policy, probation: opts.probation ?? 50_000_000,
    programs: [{ name: 'loop', image: img.ok ? img.value : (undefined as never), argv: ARGS }],
    onOutput: (_p, _fd, b) => { out += new TextDecoder().decode(b); },
    onEvent: (e) => events.push(e),
  });
  if (!c.ok) throw new Error(c.message);
  sessions.push(c.session);
  return { s: c.session, out: () => out, events, types: () => events.map((e) => e.type) };
}
const sessions: Session[] = [];
afterEach(() => { for (const s of sessions.splice(0)) s.close(); });

function runAll(s: Session): void {
  while (s.runSync(1_000_000) !== 'idle');
}

let expected = '';
describe('live update', () => {
  it('baseline: the workload under clock', async () => {
    const t = await session('clock');
    runAll(t.s);
    expected = t.out();
    expect(expected).toMatch(/^loop: pages=48 passes=300/);
    expect(t.s.kernel.procs[0]!.stats.majorFaults).toBeGreaterThan(100);
  });

  it('swaps fifo → a clock file → s3fifo at exact instruction counts, numbering versions', async () => {
    const t = await session('fifo');
    const f = file(CLOCK);
    t.s.runSync(1_000_000);
    expect((await t.s.load('replacement', f)).ok).toBe(true);
    t.s.runSync(1_000_000);
    expect((await t.s.load('replacement', 's3fifo')).ok).toBe(true);
    runAll(t.s);
    const swaps = t.events.filter((e) => e.type === 'swap');
    expect(swaps.map((e) => e.type === 'swap' && [e.fromVersion, e.toVersion, e.name, e.instructions])).toEqual([[1, 2, 'clock', 1_000_000], [2, 3, 's3fifo', 2_000_000]]);
    expect(t.out()).toBe(expected);
    expect(t.s.snapshot().services[0]).toMatchObject({ version: 3, name: 's3fifo', status: 'probation' });
  });

  it('carries state with exportState/migrate when the new version has migrate', async () => {
    const migrating = CLOCK.replace('  init: () =>', '  migrate: (old: unknown) => old as ClockState,\n  init: () =>');
    const t = await session(file(CLOCK));
    t.s.runSync(500_000);
    expect((await t.s.load('replacement', file(migrating))).ok).toBe(true);
    runAll(t.s);
    const swap = t.events.find((e) => e.type === 'swap');
    expect(swap).toMatchObject({ migrated: 'migrate' });
    expect(t.out()).toBe(expected);
  });

  it.each([
    ['throws', brokenFifo("throw new Error('boom')"), /boom/],
    ['returns a free frame', brokenFifo('return 1_000_000'), /not resident|1000000/],
    ['returns a non-integer', brokenFifo('return 1.5 as number'), /integer/],
  ])('a version that %s fails its self test off the machine path and never runs', async (_name, src, reason) => {
    const t = await session('clock');
    t.s.runSync(500_000);
    const r = await t.s.load('replacement', file(src));
    expect(r.ok).toBe(false);
    const rej = t.events.find((e) => e.type === 'rejected');
    expect(rej?.type === 'rejected' && rej.reason).toMatch(/self test/);
    expect(rej?.type === 'rejected' && rej.reason).toMatch(reason);
    runAll(t.s);
    expect(t.types()).not.toContain('swap');
    expect(t.out()).toBe(expected);
  });

  // Subtle bugs pass the self test (8 frames) and the rehearsal (32 frames, virtual times under
  // 300 000) and only show on the machine (32 frames resident, later than 500 000 instructions).
  it.each([
    ['throws', brokenFifo("if (bits.frames.length > 16 && bits.now > 400_000) throw new Error('boom')"), /threw: .*boom/],
    ['returns a free frame', brokenFifo('if (bits.frames.length > 16 && bits.now > 400_000) return 1_000_000'), /illegal decision|not resident|1000000/],
    ['returns a frame of nobody (out of range)', brokenFifo('if (bits.frames.length > 16 && bits.now > 400_000) return -1'), /illegal decision|-1/],
    ['returns a non-integer', brokenFifo('if (bits.frames.length > 16 && bits.now > 400_000) return 1.5 as number'), /integer/],
    ['loops forever', brokenFifo('if (bits.frames.length > 16 && bits.now > 400_000) for (;;) {}'), /timeout/],
    ['allocates without bound', brokenFifo('if (bits.frames.length > 16 && bits.now > 400_000) { const a: number[][] = []; for (;;) a.push(new Array(1e6).fill(1)); }'), /crashed|timeout/],
  ])('a version that %s on the machine is rolled back on probation; the output is unchanged', async (_name, src, reason) => {
    const t = await session('clock');
    t.s.runSync(500_000);
    expect((await t.s.load('replacement', file(src))).ok).toBe(true);
    runAll(t.s);
    const rb = t.events.find((e) => e.type === 'rollback');
    expect(rb).toBeDefined();
    if (rb?.type === 'rollback') { expect(rb.version).toBe(2); expect(rb.toVersion).toBe(1); expect(rb.reason).toMatch(reason); }
    expect(t.out()).toBe(expected);
    expect(t.s.snapshot().services[0]).toMatchObject({ version: 1, status: 'serving' });
  }, 30_000);

  it('a version that hangs with many resident pages is refused by its rehearsal, before it serves', async () => {
    const t = await session('clock');
    t.s.runSync(500_000);
    const r = await t.s.load('replacement', file(brokenFifo('if (bits.frames.length > 16) for (;;) {}')));
    expect(r).toMatchObject({ ok: false, message: expect.stringMatching(/rehearsal with 32 resident pages did not finish/) });
    expect(t.types()).toContain('rejected');
    runAll(t.s);
    expect(t.out()).toBe(expected);
    expect(t.s.snapshot().services[0]).toMatchObject({ version: 1, status: 'serving' });
  }, 30_000);

  it.each([
    ['a syntax error', "import { definePolicy } from 'milklab';\nexport default definePolicy({ name: 'x', description: 'y', init() { return 0 }, chooseVictim(s, b) { return b.frames[0]! } ;\n", 'compile-error', /Expected/],
    ['a type error', "import { definePolicy } from 'milklab';\nexport default definePolicy<number>({ name: 'x', description: 'y', init: () => 0,\n  chooseVictim: (s, b) => b.framez[0]! });\n", 'compile-error', /framez/],
    ['the wrong export shape', "export default { kind: 'replacement', name: 'x' };\n", 'rejected', /chooseVictim|init/],
    ['a forbidden import', "import fs from 'node:fs';\nexport default fs;\n", 'compile-error', /cannot import 'node:fs'/],
  ])('a file with %s is refused before it runs; the old version keeps serving', async (_name, src, type, msg) => {
    const t = await session('clock');
    t.s.runSync(500_000);
    const r = await t.s.load('replacement', file(src));
    expect(r.ok).toBe(false);
    const ev = t.events.find((e) => e.type === type);
    expect(ev).toBeDefined();
    expect(JSON.stringify(ev)).toMatch(msg);
    runAll(t.s);
    expect(t.types()).not.toContain('swap');
    expect(t.out()).toBe(expected);
  });

  it('a version whose migrate throws is rejected and the old one keeps serving', async () => {
    const bad = CLOCK.replace('  init: () =>', "  migrate: () => { throw new Error('cannot migrate'); },\n  init: () =>");
    const t = await session(file(CLOCK));
    t.s.runSync(500_000);
    await t.s.load('replacement', file(bad)); // refused by its self test (export → migrate) or at the swap
    runAll(t.s);
    const rej = t.events.find((e) => e.type === 'rejected');
    expect(rej?.type === 'rejected' && rej.reason).toMatch(/migrate.*cannot migrate|cannot migrate/);
    expect(t.types()).not.toContain('swap');
    expect(t.out()).toBe(expected);
  });

  it('outside probation a failure falls back to the last good version with an event', async () => {
    const lateBomb = FIFO.replace(/chooseVictim\(([^)]*)\)\s*\{/, (_m, a) => `chooseVictim(${a}) { if (bits.now > 6e8) throw new Error('late bomb');`);
    const t = await session('clock', { probation: 100_000 });
    t.s.runSync(200_000);
    expect((await t.s.load('replacement', file(lateBomb))).ok).toBe(true);
    runAll(t.s);
    expect(t.types()).toContain('probation-passed');
    const fb = t.events.find((e) => e.type === 'fallback' && 'toVersion' in e);
    expect(fb).toMatchObject({ version: 2, toVersion: 1 });
    expect(t.out()).toBe(expected);
  });

  it('a shadow candidate sees the same decisions and reports how many differ', async () => {
    const t = await session('clock');
    expect((await t.s.shadow(file(FIFO))).ok).toBe(true);
    runAll(t.s);
    const sh = t.s.slots.get('replacement')!.shadowReport()!;
    expect(sh.decisions).toBeGreaterThan(100);
    expect(sh.differing).toBeGreaterThan(0);
    expect(sh.differing).toBeLessThanOrEqual(sh.decisions);
    expect(t.out()).toBe(expected);
  });

  it('soak: 1000 swaps alternating good and broken versions keep the output intact and memory bounded', async () => {
    const { InProcessVersion } = await import('../../src/services/live/version.js');
    const good = await loadVersion(file(CLOCK), 'replacement', { frames: 32, inProcess: true });
    const broken = await loadVersion(file(brokenFifo("throw new Error('x')")), 'replacement', { frames: 32, inProcess: true });
    if (!good.ok || !broken.ok || !(good.host instanceof InProcessVersion) || !(broken.host instanceof InProcessVersion)) throw new Error('load');
    const t = await session('clock', { probation: 1_000 });
    const slot = t.s.slots.get('replacement')!;
    const goodSvc = good.host.service, badSvc = broken.host.service;
    let swaps = 0, maxPause = 0;
    const heap0 = process.memoryUsage().heapUsed;
    while (t.s.runSync(2_000) !== 'idle' && swaps < 1000) {
      const r = slot.swap(new InProcessVersion(swaps % 2 ? badSvc : goodSvc, 32), swaps % 2 ? 'broken' : 'good');
      if (r.ok) maxPause = Math.max(maxPause, r.pauseUs);
      swaps++;
    }
    runAll(t.s);
    expect(swaps).toBe(1000);
    expect(t.out()).toBe(expected);
    expect(t.events.filter((e) => e.type === 'swap').length).toBe(1000);
    expect(t.events.filter((e) => e.type === 'rollback').length).toBeGreaterThan(100);
    global.gc?.();
    expect(process.memoryUsage().heapUsed - heap0).toBeLessThan(200 << 20);
    expect(maxPause).toBeGreaterThan(0);
  }, 120_000);
});
