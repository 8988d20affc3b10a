// Evaluating a compiled service in its own JavaScript realm (a fresh node:vm context with only
// the language built-ins: no require, no process, no eval/new Function) and wrapping it so that
// the service never touches an object of milklab's realm: every argument is rebuilt inside the
// sandbox from plain numbers by helpers captured before the service's code runs. (A main-realm
// object would hand out `obj.constructor.constructor`, i.e. milklab's Function, i.e. process.)
//
// Not a security boundary against a determined attacker (same process, same heap, no time
// limit after load): the isolated worker host of the live-update work is that. This keeps
// honest mistakes and casual `process.exit()` away from the kernel.

import vm from 'node:vm';
import { rawBits } from './host.js';
import type { Bits, FaultInfo, PageInfo, PolicyInit, ProcessUsage, Service } from './protocol.js';

/** How long the module's top level may run (ms). */
const LOAD_TIMEOUT_MS = 2000;

export type EvalResult = { ok: true; service: Service } | { ok: false; kind: 'bad-export' | 'threw'; message: string };

interface Helpers {
  page(frame: number, vpn: number, pid: number): PageInfo;
  /** Bits over `frames`, with ref/dirty/vpn indexed by frame number (only the listed frames are read). */
  bits(frames: readonly number[], now: number, ref: ArrayLike<number>, dirty: ArrayLike<number>, vpn: ArrayLike<number>): Bits;
  init(frames: number, refs: readonly number[] | undefined): PolicyInit;
  fault(pid: number, vpn: number, write: boolean, major: boolean, now: number): FaultInfo;
  totals(totalFrames: number): { totalFrames: number };
  usage(totalFrames: number, now: number, flat: number[]): { totalFrames: number; now: number; processes: readonly ProcessUsage[] };
  copy(x: unknown): unknown;
}

// Runs inside the sandbox before the service's code: built-ins are captured first, and helpers
// only ever index main-realm arrays and read primitives out of them.
const HELPERS = `(function () {
  'use strict';
  const freeze = Object.freeze, keys = Object.keys, isArray = Array.isArray, tag = Object.prototype.toString;
  const apply = Reflect.apply, MapC = Map, SetC = Set, ArrayC = Array, isView = ArrayBuffer.isView, U8 = Uint8Array, I32 = Int32Array;
  const TYPED = { Uint8Array, Int8Array, Uint16Array, Int16Array, Uint32Array, Int32Array, Float32Array, Float64Array, Uint8ClampedArray };
  function list(src) { const n = src.length >>> 0, out = new ArrayC(n); for (let i = 0; i < n; i++) out[i] = +src[i]; return out; }
  function copy(x, seen) {
    if (x === null || typeof x !== 'object') return typeof x === 'function' ? undefined : x;
    if (seen.has(x)) return seen.get(x);
    const t = apply(tag, x, []);
    if (isArray(x)) { const out = []; seen.set(x, out); for (let i = 0; i < x.length; i++) out[i] = copy(x[i], seen); return out; }
    if (isView(x)) { const C = TYPED[t.slice(8, -1)]; const out = C ? new C(list(x)) : list(x); seen.set(x, out); return out; }
    if (t === '[object Map]') { const out = new MapC(); seen.set(x, out); for (const [k, v] of list2(x)) out.set(copy(k, seen), copy(v, seen)); return out; }
    if (t === '[object Set]') { const out = new SetC(); seen.set(x, out); for (const [k] of list2(x)) out.add(copy(k, seen)); return out; }
    const out = {}; seen.set(x, out);
    for (const k of keys(x)) out[k] = copy(x[k], seen);
    return out;
  }
  let scratch = { m: new I32(0), r: new U8(0), d: new U8(0), v: new I32(0), epoch: 0 };
  function list2(m) { const out = []; let i = 0; m.forEach((v, k) => { out[i++] = [k, v]; }); return out; }
  return freeze({
    page: (frame, vpn, pid) => freeze({ frame: +frame, vpn: +vpn, pid: +pid }),
    bits(frames, now, ref, dirty, vpn) {
      // One pass: the frames copied into a sandbox array (frozen last: V8 reads frozen arrays
      // slowly) and the listed frames' bits into frame-indexed arrays reused from call to call,
      // as the kernel's own are; membership is an epoch stamp, so a frame listed in an earlier
      // call is not listed now and a Bits kept past its call answers nothing.
      const n = frames.length >>> 0, fr = new ArrayC(n), epoch = ++scratch.epoch;
      let { m, r, d, v } = scratch;
      for (let i = 0; i < n; i++) {
        const f = +frames[i];
        fr[i] = f;
        if (!(f >= 0 && f < 16777216 && (f | 0) === f)) continue;
        if (f >= m.length) {
          let cap = m.length || 64;
          while (cap <= f) cap *= 2;
          const grow = (a, C) => { const b = new C(cap); b.set(a); return b; };
          scratch = { m: grow(m, I32), r: grow(r, U8), d: grow(d, U8), v: grow(v, I32), epoch };
          ({ m, r, d, v } = scratch);
        }
        m[f] = epoch; r[f] = ref[f] ? 1 : 0; d[f] = dirty[f] ? 1 : 0; v[f] = +vpn[f];
      }
      freeze(fr);
      const live = scratch;
      const has = (f) => typeof f === 'number' && live.epoch === epoch && m[f] === epoch;
      return freeze({
        frames: fr, now: +now,
        referenced: (f) => has(f) && r[f] === 1,
        dirty: (f) => has(f) && d[f] === 1,
        vpn: (f) => (has(f) ? v[f] : -1),
      });
    },
    init: (frames, refs) => freeze(refs === undefined ? { frames: +frames } : { frames: +frames, references: freeze(list(refs)) }),
    fault: (pid, vpn, write, major, now) => freeze({ pid: +pid, vpn: +vpn, write: write === true, major: major === true, now: +now }),
    totals: (totalFrames) => freeze({ totalFrames: +totalFrames }),
    usage(totalFrames, now, flat) {
      const f = list(flat), processes = [];
      for (let i = 0, k = 0; i + 4 < f.length; i += 5) processes[k++] = freeze({ pid: f[i], resident: f[i + 1], faults: f[i + 2], instructions: f[i + 3], quota: f[i + 4] });
      return freeze({ totalFrames: +totalFrames, now: +now, processes: freeze(processes) });
    },
    copy: (x) => copy(x, new MapC()),
  });
})()`;

type Fn = (...args: unknown[]) => unknown;

const REQUIRED: Record<Service['kind'], readonly string[]> = {
  replacement: ['init', 'chooseVictim'],
  readahead: ['init', 'onFault'],
  allocator: ['init', 'quotas'],
};
const OPTIONAL: Record<Service['kind'], readonly string[]> = {
  replacement: ['onMap', 'onUnmap', 'onAccess', 'onScan', 'exportState', 'migrate'],
  readahead: ['exportState', 'migrate'],
  allocator: ['exportState', 'migrate'],
};

/**
 * Evaluates an IIFE bundle whose global `globalName` is the module namespace, picks its default
 * export (or named `policy`/`service`), checks it is a Service and wraps it. Contract: never
 * throws; a top-level throw or timeout is `threw`, a wrong export `bad-export` with a precise
 * message.
 */
export function evaluateService(code: string, file: string, globalName: string): EvalResult {
  const ctx = vm.createContext(Object.create(null) as object, { name: `service ${file}`, codeGeneration: { strings: false, wasm: false } });
  const h = vm.runInContext(HELPERS, ctx) as Helpers;
  let raw: unknown;
  try {
    new vm.Script(code, { filename: file }).runInContext(ctx, { timeout: LOAD_TIMEOUT_MS });
    const ns = (ctx as Record<string, unknown>)[globalName] as Record<string, unknown> | undefined;
    raw = ns?.default ?? ns?.policy ?? ns?.service;
  } catch (e) {
    const d = describe(e); // (the error may come from either realm: no instanceof)
    const m = /^Error: Script execution timed out/.test(d) ? `the module's top level ran longer than ${LOAD_TIMEOUT_MS} ms` : d;
    return { ok: false, kind: 'threw', message: `loading the module threw: ${m}` };
  }
  try {
    return check(raw, h);
  } catch (e) {
    return { ok: false, kind: 'bad-export', message: `reading the export threw: ${describe(e)}` };
  }
}

function describe(e: unknown): string {
  try {
    if (e !== null && typeof e === 'object') {
      const o = e as { name?: unknown; message?: unknown };
      return `${String(o.name ?? 'Error')}: ${String(o.message ?? '').split('\n')[0]}`;
    }
    return String(e);
  } catch {
    return 'unprintable error';
  }
}

function check(raw: unknown, h: Helpers): EvalResult {
  const bad = (message: string): EvalResult => ({ ok: false, kind: 'bad-export', message });
  if (raw === undefined) return bad("no service exported: write `export default definePolicy({ ... })` (or defineReadahead / defineAllocator from 'milklab')");
  if (typeof raw !== 'object' || raw === null) return bad(`the default export must be a service object, got ${raw === null ? 'null' : typeof raw}`);
  const svc = raw as Record<string, unknown>;
  const kind = svc.kind;
  if (kind !== 'replacement' && kind !== 'readahead' && kind !== 'allocator') {
    return bad(`the export's kind must be 'replacement', 'readahead' or 'allocator', got ${kind === undefined ? 'none' : JSON.stringify(String(kind))} (use definePolicy, defineReadahead or defineAllocator)`);
  }
  const name: unknown = svc.name, description: unknown = svc.description;
  if (typeof name !== 'string' || name.trim() === '') return bad('the service needs a non-empty string `name`');
  if (description !== undefined && typeof description !== 'string') return bad('`description` must be a string');
  const fns: Record<string, Fn> = {};
  for (const f of REQUIRED[kind]) {
    if (typeof svc[f] !== 'function') return bad(`a ${kind} service needs a function \`${f}\`${svc[f] === undefined ? '' : `, got ${typeof svc[f]}`}`);
    fns[f] = svc[f] as Fn;
  }
  for (const f of OPTIONAL[kind]) {
    if (svc[f] === undefined) continue;
    if (typeof svc[f] !== 'function') return bad(`\`${f}\` must be a function, got ${typeof svc[f]}`);
    fns[f] = svc[f] as Fn;
  }
  const needs = svc.needs as { references?: unknown; future?: unknown } | undefined;
  if (needs !== undefined && (typeof needs !== 'object' || needs === null)) return bad('`needs` must be an object like { references: true }');
  const base = { name, description: description ?? '' };
  const call = (f: string, ...args: unknown[]): unknown => Reflect.apply(fns[f]!, svc, args);
  const opt = <T>(f: string, w: T): T | undefined => (fns[f] ? w : undefined);
  const exportState = opt('exportState', (s: unknown) => call('exportState', s));
  if (kind === 'replacement') {
    const page = (p: PageInfo): PageInfo => h.page(p.frame, p.vpn, p.pid);
    const bits = (b: Bits): Bits => {
      const raw = rawBits(b); // the kernel's frame-indexed arrays behind a makeBits view: no per-frame calls
      if (raw) return h.bits(b.frames, b.now, raw.referenced, raw.dirty, raw.vpn);
      const size = b.frames.reduce((m, f) => Math.max(m, f + 1), 0);
      const ref = new Uint8Array(size), dirty = new Uint8Array(size), vpn = new Int32Array(size);
      for (const f of b.frames) { ref[f] = b.referenced(f) ? 1 : 0; dirty[f] = b.dirty(f) ? 1 : 0; vpn[f] = b.vpn(f); }
      return h.bits(b.frames, b.now, ref, dirty, vpn);
    };
    const service: Service = {
      kind, ...base,
      ...(needs ? { needs: { references: needs.references === true, future: needs.future === true } } : {}),
      init: (c: PolicyInit) => call('init', h.init(c.frames, c.references)),
      chooseVictim: (s: unknown, b: Bits) => call('chooseVictim', s, bits(b)) as number,
      onMap: opt('onMap', (s: unknown, p: PageInfo) => { call('onMap', s, page(p)); }),
      onUnmap: opt('onUnmap', (s: unknown, p: PageInfo) => { call('onUnmap', s, page(p)); }),
      onAccess: opt('onAccess', (s: unknown, p: PageInfo) => { call('onAccess', s, page(p)); }),
      onScan: opt('onScan', (s: unknown, b: Bits) => call('onScan', s, bits(b)) as undefined),
      exportState,
      migrate: opt('migrate', (old: unknown, v: number, c: PolicyInit) => call('migrate', h.copy(old), +v, h.init(c.frames, c.references))),
    };
    return { ok: true, service: service as Service };
  }
  if (kind === 'readahead') {
    const service: Service = {
      kind, ...base,
      init: () => call('init'),
      onFault: (s: unknown, f: FaultInfo) => call('onFault', s, h.fault(f.pid, f.vpn, f.write, f.major, f.now)) as number[],
      exportState,
      migrate: opt('migrate', (old: unknown, v: number) => call('migrate', h.copy(old), +v)),
    };
    return { ok: true, service };
  }
  const service: Service = {
    kind, ...base,
    init: (c: { totalFrames: number }) => call('init', h.totals(c.totalFrames)),
    quotas: (s: unknown, u: { totalFrames: number; now: number; processes: readonly ProcessUsage[] }) =>
      call('quotas', s, h.usage(u.totalFrames, u.now, u.processes.flatMap((p) => [p.pid, p.resident, p.faults, p.instructions, p.quota]))) as Record<number, number>,
    exportState,
    migrate: opt('migrate', (old: unknown, v: number) => call('migrate', h.copy(old), +v)),
  };
  return { ok: true, service };
}
