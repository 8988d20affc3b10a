// The self test a new service version passes before it is trusted (run inside its worker, on
// throwaway instances, off the kernel's synchronous path). Replacement: a canned fault stream
// of 16 maps into 8 frames scattered over a 64-frame machine, with evictions through
// chooseVictim on plausible A/D bits, an munmap of two pages (so a policy that loses track of
// unmaps answers a free frame), periodic scans, then exportState → migrate → one more victim.
// Readahead and allocator: a few canned calls with shape and range checks. The verdict names the
// first problem precisely.

import v8 from 'node:v8';
import type { BitsData } from '../host.js';
import type { PageInfo, Service } from '../protocol.js';
import { Instances, type InstanceResult } from './instances.js';
import type { SelfTestVerdict } from './messages.js';

const TOTAL_FRAMES = 64;
const QUOTA = 8;
const MAPS = 16;
/** The frames the machine hands this process, in order (scattered, like a real frame table). */
const POOL = [3, 7, 12, 13, 20, 21, 30, 31, 36, 37, 41, 44, 50, 52, 57, 60];
const PID = 1;
const VPN0 = 0x400;
const MAX_VPN = 1 << 20;

type Problem = { kind: 'threw' | 'invalid-answer'; message: string };

class Stop extends Error {
  constructor(readonly problem: Problem) { super(problem.message); }
}

/** Unwraps a host result, turning a failure into a Stop with `where` in front. */
function must<T>(r: InstanceResult<T>, where: string): T {
  if (r.ok) return r.value;
  throw new Stop({ kind: r.error.kind === 'threw' ? 'threw' : 'invalid-answer', message: `${where}: ${r.error.message}` });
}

function bad(message: string): never {
  throw new Stop({ kind: 'invalid-answer', message });
}

const list = (xs: readonly number[]): string => xs.join(', ');

/**
 * Runs the self test of `svc` (sandbox-wrapped). Contract: never throws; a problem is reported
 * as `threw` (the service threw) or `invalid-answer` (it answered something no kernel would
 * accept), with the step and the offending value in the message.
 */
export function selfTest(svc: Service): SelfTestVerdict {
  try {
    if (svc.kind === 'replacement') replacement(svc);
    else if (svc.kind === 'readahead') readahead();
    else allocator();
    return { ok: true };
  } catch (e) {
    if (e instanceof Stop) return { ok: false, ...e.problem, message: `self test, ${e.problem.message}` };
    return { ok: false, kind: 'threw', message: `self test: ${e instanceof Error ? e.message : String(e)}` };
  }

  function readahead(): void {
    const t = new Instances(svc);
    must(t.create(0, 0), 'init');
    const faults = [[1, 0x100, false, false], [1, 0x101, true, false], [1, 0x102, false, true], [1, 0x200, false, false], [2, 0x300, true, true], [2, 0x301, false, false]] as const;
    faults.forEach(([pid, vpn, write, major], i) => {
      const where = `fault ${i + 1} of ${faults.length} (pid ${pid}, vpn 0x${vpn.toString(16)})`;
      const pages = must(t.fault(0, { pid, vpn, write, major, now: 1000 * (i + 1) }), `${where}: onFault`);
      if (pages.length > 1024) bad(`${where}: onFault asked for ${pages.length} pages (more than 1024)`);
      const wrong = pages.find((p) => p < 0 || p >= MAX_VPN);
      if (wrong !== undefined) bad(`${where}: onFault answered page ${wrong}, outside 0..0x${(MAX_VPN - 1).toString(16)}`);
    });
    handover(t, 0, 0);
  }

  function allocator(): void {
    const t = new Instances(svc);
    must(t.create(0, TOTAL_FRAMES), 'init');
    const reports = [
      [[1, 10, 5, 100_000, 20], [2, 30, 40, 200_000, 20], [3, 2, 0, 5_000, 20]],
      [[1, 12, 1, 300_000, 64]],
    ];
    reports.forEach((procs, i) => {
      const where = `quotas call ${i + 1} of ${reports.length} (${procs.length} processes)`;
      const processes = procs.map(([pid, resident, faults, instructions, quota]) => ({ pid: pid!, resident: resident!, faults: faults!, instructions: instructions!, quota: quota! }));
      const q = must(t.quotas(0, { totalFrames: TOTAL_FRAMES, now: 1_000_000 * (i + 1), processes }), `${where}: quotas`);
      const pids = new Set(processes.map((p) => p.pid));
      for (const k of Object.keys(q)) if (!pids.has(Number(k))) bad(`${where}: quotas answered for pid ${k}, which is not running (pids: ${list([...pids])})`);
    });
    handover(t, 0, TOTAL_FRAMES);
  }

  function replacement(s: Service & { kind: 'replacement' }): void {
    const t = new Instances(svc);
    must(t.create(0, QUOTA), 'init({ frames: 8 })');
    const resident: number[] = []; // map order, oldest first
    const vpnOf = new Map<number, number>();
    const free = POOL.slice();
    const ref = new Uint8Array(TOTAL_FRAMES), dirty = new Uint8Array(TOTAL_FRAMES), vpn = new Int32Array(TOTAL_FRAMES).fill(-1);
    const page = (frame: number): PageInfo => ({ frame, vpn: vpnOf.get(frame)!, pid: PID });
    const bits = (step: number): BitsData => {
      for (const f of resident) { ref[f] = (f + step) % 3 === 0 ? 1 : 0; dirty[f] = f % 2; vpn[f] = vpnOf.get(f)!; }
      return { frames: resident.slice(), referenced: ref, dirty, vpn, now: 10_000 * step };
    };
    const checkResident = (what: string, frames: readonly number[], where: string): void => {
      const wrong = frames.find((f) => !resident.includes(f));
      if (wrong !== undefined) bad(`${where}: ${what} frame ${wrong}, which is not resident (resident: ${list(resident)})`);
    };
    const unmap = (frame: number, where: string): void => {
      must(t.notify('unmap', 0, page(frame)), `${where}: onUnmap`);
      resident.splice(resident.indexOf(frame), 1);
      vpnOf.delete(frame);
      free.push(frame);
    };
    for (let i = 0; i < MAPS; i++) {
      const where = `map ${i + 1} of ${MAPS} (vpn 0x${(VPN0 + i).toString(16)}, ${resident.length} of ${QUOTA} frames resident)`;
      if (i === 10) for (const f of [resident[1]!, resident[4]!]) unmap(f, `munmap of frame ${f} before map 11`);
      if (resident.length >= QUOTA) {
        const a = must(t.victim(0, bits(i)), `${where}: chooseVictim`);
        checkResident('chooseVictim answered', [a.victim], where);
        checkResident('chooseVictim asked to clear', a.clear, where);
        unmap(a.victim, where);
      }
      const frame = free.shift()!;
      vpnOf.set(frame, VPN0 + i);
      resident.push(frame);
      must(t.notify('map', 0, page(frame)), `${where}: onMap`);
      if (s.onScan && (i === 5 || i === 12)) {
        const a = must(t.scan(0, bits(i)), `scan after map ${i + 1}: onScan`);
        checkResident('onScan asked to clear', a.clear, `scan after map ${i + 1}`);
      }
    }
    const t2 = handover(t, 0, QUOTA);
    if (t2) {
      const a = must(t2.victim(0, bits(MAPS)), 'after migrate: chooseVictim');
      checkResident('chooseVictim answered', [a.victim], 'after migrate');
    }
  }

  /** exportState must give clonable state; migrate (if defined) must accept it. Returns the migrated table, if any. */
  function handover(t: Instances, id: number, a: number): Instances | undefined {
    if (!svc.exportState && !svc.migrate) return undefined;
    const bytes = must(t.exportState(id), 'exportState');
    if (!svc.migrate) return undefined;
    const t2 = new Instances(svc);
    must(t2.migrate(id, v8.deserialize(bytes), 1, a), 'migrate(exported state, 1)');
    return t2;
  }
}
