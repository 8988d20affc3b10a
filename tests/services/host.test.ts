import { describe, expect, it } from 'vitest';
import type { AllocatorPort, ReadaheadPort, ReplacementPort } from '../../src/machine/kernel/ports.js';
import { AllocatorHost, ReadaheadHost, ReplacementHost, makeBits, type BitsData } from '../../src/services/host.js';
import { defineAllocator, definePolicy, defineReadahead, type Bits, type ReplacementPolicy } from '../../src/services/protocol.js';

function data(frames: number[], ref: number[] = [], total = 8): BitsData {
  const referenced = new Uint8Array(total);
  const dirty = new Uint8Array(total);
  const vpn = new Int32Array(total).fill(-1);
  for (const f of frames) vpn[f] = 100 + f;
  for (const f of ref) referenced[f] = 1;
  return { frames, referenced, dirty, vpn, now: 42 };
}

const answering = (a: unknown): ReplacementPolicy<null> =>
  definePolicy<null>({ name: 'fixed', description: '', init: () => null, chooseVictim: () => a as number });

describe('ReplacementHost.victim', () => {
  it('normalises a bare number and copies { victim, clear }', () => {
    expect(new ReplacementHost(answering(3), { frames: 4 }).victim(data([1, 3]))).toEqual({ ok: true, value: { victim: 3, clear: [] } });
    const clear = [1];
    const r = new ReplacementHost(answering({ victim: 3, clear }), { frames: 4 }).victim(data([1, 3]));
    expect(r).toEqual({ ok: true, value: { victim: 3, clear: [1] } });
    if (r.ok) expect(r.value.clear).not.toBe(clear);
  });
  it('passes shape-valid but illegal frames through (the kernel checks legality)', () => {
    expect(new ReplacementHost(answering(7), { frames: 4 }).victim(data([1]))).toEqual({ ok: true, value: { victim: 7, clear: [] } });
  });
  it.each([
    [1.5, /victim must be an integer frame number, got 1.5/],
    [NaN, /victim must be an integer/],
    ['2', /frame number or \{ victim, clear\? \}, got "2"/],
    [null, /got null/],
    [undefined, /got undefined/],
    [{ victim: '1' }, /victim must be an integer frame number, got "1"/],
    [{ victim: 1, clear: 3 }, /clear must be an array of frame numbers, got 3/],
    [{ victim: 1, clear: [0, 'x'] }, /clear\[1\] must be an integer, got "x"/],
  ])('rejects %j as invalid-answer', (answer, re) => {
    const r = new ReplacementHost(answering(answer), { frames: 4 }).victim(data([1]));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.kind).toBe('invalid-answer');
      expect(r.error.message).toMatch(re);
    }
  });
  it('turns a throw into a one-line threw failure', () => {
    const p = definePolicy<null>({ name: 't', description: '', init: () => null, chooseVictim: () => { throw new TypeError('bad\nsecond line'); } });
    expect(new ReplacementHost(p, { frames: 1 }).victim(data([0]))).toEqual({ ok: false, error: { kind: 'threw', message: 'TypeError: bad' } });
    const q = definePolicy<null>({ name: 't', description: '', init: () => null, chooseVictim: () => { throw 'plain string'; } });
    expect(new ReplacementHost(q, { frames: 1 }).victim(data([0]))).toEqual({ ok: false, error: { kind: 'threw', message: 'plain string' } });
  });
  it('survives an answer whose getter throws', () => {
    const a = { get victim(): number { throw new Error('gotcha'); } };
    expect(new ReplacementHost(answering(a), { frames: 1 }).victim(data([0]))).toEqual({ ok: false, error: { kind: 'threw', message: 'gotcha' } });
  });
});

describe('Bits given to services', () => {
  it('answers for the given frames only and cannot write the kernel arrays', () => {
    const d = data([1, 3], [1, 2]);
    const b = makeBits(d);
    expect(b.frames).toEqual([1, 3]);
    expect(b.now).toBe(42);
    expect([b.referenced(1), b.referenced(2), b.referenced(3), b.referenced(-1), b.referenced(99)]).toEqual([true, false, false, false, false]);
    expect([b.vpn(3), b.vpn(2), b.vpn(1.5)]).toEqual([103, -1, -1]);
    expect(Object.isFrozen(b) && Object.isFrozen(b.frames)).toBe(true);
    expect(Object.values(b).some((v) => ArrayBuffer.isView(v))).toBe(false);
    expect(() => (b.frames as number[]).push(5)).toThrow();
    expect(d.frames).toEqual([1, 3]);
  });
  it('a service that tries to mutate them fails without touching the kernel state', () => {
    const d = data([1, 3], [1]);
    const p = definePolicy<null>({
      name: 'vandal', description: '', init: () => null,
      chooseVictim: (_s, b: Bits) => { (b.frames as number[])[0] = 3; return 1; },
    });
    const r = new ReplacementHost(p, { frames: 4 }).victim(d);
    expect(r.ok).toBe(false);
    expect(d.frames).toEqual([1, 3]);
    expect(d.referenced[1]).toBe(1);
  });
  it('pages handed to hooks are frozen copies', () => {
    const seen: unknown[] = [];
    const p = definePolicy<null>({ name: 'p', description: '', init: () => null, chooseVictim: () => 0, onMap: (_s, pg) => { seen.push(pg); (pg as { frame: number }).frame = 9; } });
    const page = { frame: 1, vpn: 5, pid: 2 };
    const r = new ReplacementHost(p, { frames: 4 }).map(page);
    expect(r.ok).toBe(false);
    expect(page.frame).toBe(1);
    expect(seen[0]).not.toBe(page);
  });
});

describe('ReplacementHost hooks, scan, state', () => {
  it('calls the hooks it has and ignores the ones it lacks', () => {
    const log: string[] = [];
    const p = definePolicy<string[]>({
      name: 'log', description: '', init: () => log, chooseVictim: () => 0,
      onMap: (s, pg) => { s.push(`map ${pg.frame}`); }, onAccess: (s, pg) => { s.push(`access ${pg.vpn}`); },
    });
    const h = new ReplacementHost(p, { frames: 2 });
    expect(h.hasScan).toBe(false);
    expect(h.hasAccess).toBe(true);
    expect(h.map({ frame: 0, vpn: 7, pid: 1 })).toEqual({ ok: true, value: undefined });
    expect(h.unmap({ frame: 0, vpn: 7, pid: 1 }).ok).toBe(true);
    h.access({ frame: 0, vpn: 7, pid: 1 });
    expect(log).toEqual(['map 0', 'access 7']);
    expect(h.scan(data([0]))).toEqual({ ok: true, value: { clear: [] } });
  });
  it('validates scan answers', () => {
    const mk = (a: unknown): ReplacementHost => new ReplacementHost(definePolicy<null>({ name: 's', description: '', init: () => null, chooseVictim: () => 0, onScan: () => a as undefined }), { frames: 2 });
    expect(mk(undefined).scan(data([0]))).toEqual({ ok: true, value: { clear: [] } });
    expect(mk({}).scan(data([0]))).toEqual({ ok: true, value: { clear: [] } });
    expect(mk({ clear: [0, 1] }).scan(data([0]))).toEqual({ ok: true, value: { clear: [0, 1] } });
    expect(mk(5).scan(data([0])).ok).toBe(false);
    expect(mk({ clear: [0.5] }).scan(data([0]))).toMatchObject({ ok: false, error: { kind: 'invalid-answer' } });
    expect(mk(undefined).hasScan).toBe(true);
  });
  it('exports the state itself, or exportState(state)', () => {
    const plain = new ReplacementHost(definePolicy({ name: 'a', description: '', init: () => ({ n: 1 }), chooseVictim: () => 0 }), { frames: 1 });
    expect(plain.exportState()).toEqual({ ok: true, value: { n: 1 } });
    const custom = new ReplacementHost(definePolicy({ name: 'a', description: '', init: () => ({ n: 1 }), chooseVictim: () => 0, exportState: (s) => s.n + 1 }), { frames: 1 });
    expect(custom.exportState()).toEqual({ ok: true, value: 2 });
  });
  it('passes init its context, and a throwing init breaks every call', () => {
    let got: unknown;
    new ReplacementHost(definePolicy({ name: 'a', description: '', init: (c) => { got = c; return null; }, chooseVictim: () => 0 }), { frames: 3, references: [1, 2] });
    expect(got).toEqual({ frames: 3, references: [1, 2] });
    const h = new ReplacementHost(definePolicy({ name: 'b', description: '', init: () => { throw new Error('no'); }, chooseVictim: () => 0, onMap: () => {} }), { frames: 3 });
    const fail = { ok: false, error: { kind: 'threw', message: 'init: no' } };
    expect(h.broken).toEqual(fail.error);
    expect(h.victim(data([0]))).toEqual(fail);
    expect(h.scan(data([0]))).toEqual(fail);
    expect(h.map({ frame: 0, vpn: 0, pid: 1 })).toEqual(fail);
    expect(h.unmap({ frame: 0, vpn: 0, pid: 1 })).toEqual(fail);
    expect(h.access({ frame: 0, vpn: 0, pid: 1 })).toEqual(fail);
    expect(h.exportState()).toEqual(fail);
  });
});

describe('ReadaheadHost', () => {
  const ra = (f: (x: number) => unknown) => defineReadahead<null>({ name: 'r', description: '', init: () => null, onFault: (_s, ft) => f(ft.vpn) as number[] });
  const fault = { pid: 1, vpn: 10, write: false, major: false, now: 0 };
  it('returns copied page lists', () => {
    expect(new ReadaheadHost(ra((v) => [v + 1, v + 2])).fault(fault)).toEqual({ ok: true, value: [11, 12] });
    expect(new ReadaheadHost(ra(() => [])).fault(fault)).toEqual({ ok: true, value: [] });
  });
  it('rejects non-arrays and non-integers, reports throws and broken init', () => {
    expect(new ReadaheadHost(ra(() => 11)).fault(fault)).toMatchObject({ ok: false, error: { kind: 'invalid-answer' } });
    expect(new ReadaheadHost(ra(() => [1, 2.5])).fault(fault)).toMatchObject({ ok: false, error: { kind: 'invalid-answer', message: 'pages[1] must be an integer, got 2.5' } });
    expect(new ReadaheadHost(ra(() => { throw new Error('x'); })).fault(fault)).toEqual({ ok: false, error: { kind: 'threw', message: 'x' } });
    const broken = defineReadahead<null>({ name: 'r', description: '', init: () => { throw new Error('i'); }, onFault: () => [] });
    expect(new ReadaheadHost(broken).fault(fault)).toEqual({ ok: false, error: { kind: 'threw', message: 'init: i' } });
  });
});

describe('AllocatorHost', () => {
  const usage = { totalFrames: 100, now: 5, processes: [{ pid: 1, resident: 3, faults: 2, instructions: 1000, quota: 50 }] };
  const al = (f: () => unknown) => defineAllocator<null>({ name: 'a', description: '', init: () => null, quotas: () => f() as Record<number, number> });
  it('passes totalFrames to init and returns copied quotas', () => {
    let total = 0;
    const svc = defineAllocator<null>({ name: 'a', description: '', init: (c) => { total = c.totalFrames; return null; }, quotas: (_s, u) => ({ [u.processes[0]!.pid]: u.totalFrames / 2 }) });
    expect(new AllocatorHost(svc, 64).quotas(usage)).toEqual({ ok: true, value: { 1: 50 } });
    expect(total).toBe(64);
  });
  it.each([
    [[1, 2], /pid → frames/],
    ['lots', /pid → frames/],
    [{ 1: '5' }, /quotas\[1\] must be a non-negative integer, got "5"/],
    [{ 1: -1 }, /non-negative/],
    [{ 1: 2.5 }, /non-negative integer/],
    [{ abc: 1 }, /key 'abc' is not a pid/],
  ])('rejects %j', (a, re) => {
    const r = new AllocatorHost(al(() => a), 100).quotas(usage);
    expect(r).toMatchObject({ ok: false, error: { kind: 'invalid-answer' } });
    if (!r.ok) expect(r.error.message).toMatch(re);
  });
  it('hands the service frozen copies of the usage', () => {
    const svc = defineAllocator<null>({ name: 'a', description: '', init: () => null, quotas: (_s, u) => { (u.processes[0] as { quota: number }).quota = 0; return {}; } });
    expect(new AllocatorHost(svc, 100).quotas(usage).ok).toBe(false);
    expect(usage.processes[0]!.quota).toBe(50);
  });
});

describe('the hosts are the kernel ports', () => {
  it('type-check as ReplacementPort, ReadaheadPort and AllocatorPort', () => {
    const r: ReplacementPort = new ReplacementHost(answering(0), { frames: 1 });
    const ra: ReadaheadPort = new ReadaheadHost(defineReadahead<null>({ name: 'r', description: '', init: () => null, onFault: () => [] }));
    const a: AllocatorPort = new AllocatorHost(defineAllocator<null>({ name: 'a', description: '', init: () => null, quotas: () => ({}) }), 1);
    expect([r.name, ra.name, a.name]).toEqual(['fixed', 'r', 'a']);
  });
});
