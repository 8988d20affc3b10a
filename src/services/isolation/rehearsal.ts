// The rehearsal: after its self test, a new replacement-policy version runs a short canned
// workload at the machine's real size through the worker's own request path (ChannelServer.handle
// on a scratch channel, throwaway instances), so that V8 has compiled the hot code — the policy's
// hooks, the bits decoding, the answer encoding — before the version serves its first real fault.
// Without it the first decisions after a swap run in the interpreter: milliseconds each with a
// thousand resident pages, a visible gap in the machine's instruction stream. The rehearsal
// proves nothing (the self test judges); a service that fails in it just stops rehearsing.

import { MessageChannel } from 'node:worker_threads';
import type { Service } from '../protocol.js';
import { Channel, NOTE, NOTE_NUMS, OP, STATE, STATUS, W } from './channel.js';
import { putBits, putInit } from './codec.js';
import { Instances } from './instances.js';
import { ChannelServer } from './server.js';

export interface RehearsalLimits {
  /** Most decisions made (default 256). */
  decisions?: number;
  /** Most wall time spent, ms (default 25). */
  ms?: number;
}

const ID = 1;
const PID = 1;
const VPN0 = 0x10000;

/**
 * Rehearses `svc` (a replacement policy; other kinds return 0 at once) on `frames` resident pages:
 * maps them all, then asks for victims while a few pages are referenced between decisions (each
 * answer is evicted and the frame refilled, the A bits it asks to clear are cleared, as the
 * kernel does), with a scan every 16 decisions if the policy scans.
 * Contract: never throws; stops at the limits or at the service's first failure or illegal
 * answer; returns the decisions made.
 */
export function rehearse(svc: Service, frames: number, limits: RehearsalLimits = {}): number {
  if (svc.kind !== 'replacement' || !(frames > 0)) return 0;
  const most = limits.decisions ?? 256, until = performance.now() + (limits.ms ?? 25);
  const { port1, port2 } = new MessageChannel();
  const server = new ChannelServer(Channel.create(Channel.need(8 * frames + 64, 0)), port1, new Instances(svc));
  const referenced = new Uint8Array(frames), dirty = new Uint8Array(frames), vpn = new Int32Array(frames);
  const resident: number[] = [];
  let notes: number[] = [];
  let seed = 12345;
  const rand = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;

  /** One request through the server: the queued notes, then `op` with numbers written by `put`. */
  const request = (op: number, put: (f: Float64Array, at: number) => number): Float64Array | undefined => {
    const ch = server.channel, f = ch.f64, i32 = ch.i32;
    f.set(notes, 0);
    const end = put(f, notes.length);
    i32[W.OP] = op; i32[W.NUMS] = end; i32[W.BYTES] = 0; i32[W.EXTRA] = notes.length / NOTE_NUMS;
    notes = [];
    i32[W.STATE] = STATE.REQUEST;
    server.handle();
    const out = server.channel; // the server may have answered in a bigger buffer
    return out.i32[W.STATUS] === STATUS.OK && out.i32[W.EXTRA] === 0 ? out.f64 : undefined;
  };
  const note = (kind: number, frame: number): void => { notes.push(kind, ID, frame, vpn[frame]!, PID); };

  let made = 0;
  try {
    const init = { frames };
    if (!request(OP.CREATE, (f, at) => { f[at] = ID; return putInit(f, at + 1, init); })) return 0;
    for (let fr = 0; fr < frames; fr++) {
      vpn[fr] = VPN0 + fr;
      resident.push(fr);
      note(NOTE.MAP, fr);
    }
    let next = VPN0 + frames;
    for (let i = 0; i < frames; i++) { referenced[i] = rand() < 0.3 ? 1 : 0; dirty[i] = rand() < 0.2 ? 1 : 0; }
    while (made < most && performance.now() < until) {
      // a few pages referenced or written since the last decision, as a running program would
      for (let k = 0; k < 16; k++) { const i = Math.floor(rand() * frames); referenced[i] = 1; dirty[i] |= rand() < 0.3 ? 1 : 0; }
      const bits = { frames: resident, referenced, dirty, vpn, now: made * 1000 };
      /** Clears the A bits a policy asked to clear: `n` frame numbers from `at` in `f` (as the kernel does). */
      const clear = (f: Float64Array, at: number): void => {
        const n = f[at - 1]!;
        for (let j = 0; j < n; j++) { const c = f[at + j]!; if (c >= 0 && c < frames) referenced[c] = 0; }
      };
      if (svc.onScan && made % 16 === 15) {
        const s = request(OP.SCAN, (f, at) => { f[at] = ID; return putBits(f, at + 1, bits); });
        if (!s) break;
        clear(s, 1);
      }
      const a = request(OP.VICTIM, (f, at) => { f[at] = ID; return putBits(f, at + 1, bits); });
      if (!a) break;
      const victim = a[0]!;
      const k = resident.indexOf(victim);
      if (k < 0) break;
      clear(a, 2);
      made++;
      note(NOTE.UNMAP, victim);
      resident.splice(k, 1);
      vpn[victim] = next++;
      referenced[victim] = 1; // the faulting access
      dirty[victim] = 0;
      resident.push(victim);
      note(NOTE.MAP, victim);
    }
  } catch {
    // a rehearsal never fails the version: the self test judged it already
  } finally {
    port1.close();
    port2.close();
  }
  return made;
}
