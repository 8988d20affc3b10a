// The worker's side of the channel: decodes one request (queued notifications first, then the
// operation), runs it on the instance table, encodes the answer, and loops waiting for the next
// request. Between requests it visits its event loop when the kernel's side posted an
// asynchronous message (the self test), every SLICE_MS of idleness and every BUSY_TICK_MS when
// busy (FinalizationRegistry callbacks of realm-guard.ts run there).

import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import v8 from 'node:v8';
import { Channel, isSwap, MAX_RESPONSE_PAYLOAD, NOTE, NOTE_NUMS, OP, STATE, STATUS, W, opName } from './channel.js';
import { BitsReader, quotaNums, readFault, readInit, readUsage, type Cursor } from './codec.js';
import type { InstanceFailure, InstanceResult, Instances } from './instances.js';
import { SpinPolicy } from './spin.js';

/** Longest sleep before the worker visits its event loop anyway (ms). */
const SLICE_MS = 50;
/** While busy, the worker still visits its event loop this often (ms): finalizers give back buffer memory (realm-guard.ts). */
const BUSY_TICK_MS = 1;
/** How long the worker spins after a wake hint (µs). */
const WAKE_SPIN_US = 500;
/** Longest failure message sent back (characters). */
const MAX_MESSAGE = 2000;
/** At most this many notification failures are reported per request. */
const MAX_NOTE_FAILURES = 64;

const EMPTY = Buffer.alloc(0);
const HOOKS: Record<number, 'map' | 'unmap' | 'access'> = { [NOTE.MAP]: 'map', [NOTE.UNMAP]: 'unmap', [NOTE.ACCESS]: 'access' };
const STATUS_OF: Record<InstanceFailure['kind'], number> = { threw: STATUS.THREW, 'invalid-answer': STATUS.INVALID, 'no-instance': STATUS.NO_INSTANCE };

/** A failure of a queued notification, as sent back: [instance id, hook, failure kind, message]. */
export type NoteFailure = [number, 'map' | 'unmap' | 'access', InstanceFailure['kind'], string];

type Answer = { status: number; nums: readonly number[]; bytes: Uint8Array };

const ok = (nums: readonly number[], bytes: Uint8Array = EMPTY): Answer => ({ status: STATUS.OK, nums, bytes });
const failed = (status: number, message: string): Answer => ({ status, nums: [], bytes: Buffer.from(message.slice(0, MAX_MESSAGE)) });

/** Turns an instance result into an answer, encoding a value with `enc`. */
function answer<T>(r: InstanceResult<T>, enc: (v: T) => readonly number[]): Answer {
  return r.ok ? ok(enc(r.value)) : failed(STATUS_OF[r.error.kind], r.error.message);
}

export class ChannelServer {
  /** The channel currently in use (replaced when either side grows it). */
  channel: Channel;
  private readonly port: MessagePort;
  private readonly instances: Instances;
  private readonly bits = new BitsReader();

  /** Serves `instances` over `channel`; `port` carries replacement buffers both ways. */
  constructor(channel: Channel, port: MessagePort, instances: Instances) {
    this.channel = channel;
    this.port = port;
    this.instances = instances;
  }

  /**
   * Handles the request in the channel (its state word must be REQUEST) and publishes the answer.
   * Contract: never throws; anything this side cannot decode is answered with STATUS.PROTOCOL.
   */
  handle(): void {
    const ch = this.channel, i32 = ch.i32;
    const op = i32[W.OP]!;
    if (op === OP.SWAP) {
      const m = receiveMessageOnPort(this.port)?.message;
      if (isSwap(m)) this.channel = new Channel(m.sab);
      i32[W.STATUS] = isSwap(m) ? STATUS.OK : STATUS.PROTOCOL;
      i32[W.NUMS] = 0; i32[W.BYTES] = 0; i32[W.EXTRA] = 0;
      Atomics.store(i32, W.STATE, STATE.RESPONSE);
      Atomics.notify(i32, W.STATE);
      return;
    }
    let a: Answer, notes: NoteFailure[] = [];
    try {
      const c: Cursor = { at: 0 };
      notes = this.notifications(ch, c);
      a = this.operation(op, ch, c);
    } catch (e) {
      a = failed(STATUS.PROTOCOL, `the service worker could not handle ${opName(op)}: ${e instanceof Error ? e.message : String(e)}`);
    }
    this.respond(a, notes);
  }

  private notifications(ch: Channel, c: Cursor): NoteFailure[] {
    const f = ch.f64, n = ch.i32[W.EXTRA]!, out: NoteFailure[] = [];
    for (let k = 0; k < n; k++, c.at += NOTE_NUMS) {
      const kind = f[c.at]!, id = f[c.at + 1]!;
      if (kind === NOTE.DESTROY) { this.instances.destroy(id); continue; }
      const hook = HOOKS[kind];
      if (!hook) throw new Error(`unknown notification ${kind}`);
      const r = this.instances.notify(hook, id, { frame: f[c.at + 2]!, vpn: f[c.at + 3]!, pid: f[c.at + 4]! });
      if (!r.ok && out.length < MAX_NOTE_FAILURES) out.push([id, hook, r.error.kind, r.error.message.slice(0, MAX_MESSAGE)]);
    }
    return out;
  }

  private operation(op: number, ch: Channel, c: Cursor): Answer {
    const f = ch.f64, t = this.instances;
    switch (op) {
      case OP.FLUSH:
        return ok([]);
      case OP.CREATE: {
        const id = f[c.at++]!, init = readInit(f, c);
        return answer(t.create(id, init.a, init.references), () => []);
      }
      case OP.MIGRATE: {
        const id = f[c.at++]!, oldVersion = f[c.at++]!, init = readInit(f, c);
        const old: unknown = v8.deserialize(ch.takeBytes(ch.i32[W.NUMS]!, ch.i32[W.BYTES]!));
        return answer(t.migrate(id, old, oldVersion, init.a, init.references), () => []);
      }
      case OP.VICTIM: {
        const id = f[c.at++]!;
        return answer(t.victim(id, this.bits.read(f, c)), (v) => [v.victim, v.clear.length, ...v.clear]);
      }
      case OP.SCAN: {
        const id = f[c.at++]!;
        return answer(t.scan(id, this.bits.read(f, c)), (v) => [v.clear.length, ...v.clear]);
      }
      case OP.EXPORT: {
        const r = t.exportState(f[c.at]!);
        return r.ok ? ok([], r.value) : failed(STATUS_OF[r.error.kind], r.error.message);
      }
      case OP.FAULT: {
        const id = f[c.at++]!;
        return answer(t.fault(id, readFault(f, c)), (v) => [v.length, ...v]);
      }
      case OP.QUOTAS: {
        const id = f[c.at++]!;
        return answer(t.quotas(id, readUsage(f, c)), quotaNums);
      }
      default:
        throw new Error(`unknown operation ${op}`);
    }
  }

  /** Writes the answer (into a bigger buffer handed over on the port if it does not fit) and wakes the caller. */
  private respond(a: Answer, notes: NoteFailure[]): void {
    const extra = notes.length > 0 ? Buffer.from(JSON.stringify(notes)) : EMPTY;
    let need = Channel.need(a.nums.length, a.bytes.length + extra.length);
    if (need > MAX_RESPONSE_PAYLOAD) {
      a = failed(STATUS.INVALID, `the answer is too large to hand back (${need} bytes, at most ${MAX_RESPONSE_PAYLOAD})`);
      need = Channel.need(0, a.bytes.length + extra.length);
    }
    const cur = this.channel;
    const out = need > cur.capacity ? Channel.create(need) : cur;
    const o = out.i32;
    out.f64.set(a.nums);
    out.putBytes(a.nums.length, a.bytes);
    out.putBytes(a.nums.length, extra, a.bytes.length);
    o[W.STATUS] = a.status; o[W.NUMS] = a.nums.length; o[W.BYTES] = a.bytes.length; o[W.EXTRA] = extra.length;
    if (out !== cur) {
      o[W.STATE] = STATE.RESPONSE;
      this.port.postMessage({ sab: out.sab });
      cur.i32[W.STATUS] = STATUS.SWAPPED;
      this.channel = out;
    }
    Atomics.store(cur.i32, W.STATE, STATE.RESPONSE);
    Atomics.notify(cur.i32, W.STATE);
  }
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Serves requests forever: handles each one, spins a while for a follow-up (SpinPolicy, at most
 * `spinUs` µs; not after a hinted request), then sleeps on the state word; a wake hint (W.WAKE)
 * makes it spin up to WAKE_SPIN_US for the request it announces. Contract: visits the event loop (awaits) when
 * MAIL is set, after every SLICE_MS of idleness and at least every BUSY_TICK_MS while busy, so
 * asynchronous messages and finalizers run between calls.
 */
export async function serve(server: ChannelServer, spinUs: number): Promise<never> {
  const spin = new SpinPolicy(spinUs);
  let spinUntil = 0, hinted = false, lastTick = performance.now();
  for (;;) {
    const i32 = server.channel.i32;
    const s = Atomics.load(i32, W.STATE);
    if (s === STATE.REQUEST) {
      if (spinUntil > 0 && !hinted) spin.hit();
      const wasHinted = hinted;
      hinted = false;
      server.handle();
      // After a hinted request, sleep at once: the caller hints again before its next decision
      // (a spin would only take a core from the machine meanwhile).
      const now = performance.now(), us = wasHinted ? 0 : spin.next();
      spinUntil = us > 0 ? now + us / 1000 : 0;
      if (now - lastTick > BUSY_TICK_MS) {
        await tick();
        lastTick = performance.now();
      }
      continue;
    }
    if (Atomics.load(i32, W.MAIL) !== 0) {
      Atomics.store(i32, W.MAIL, 0);
      await tick();
      lastTick = performance.now();
      continue;
    }
    if (Atomics.load(i32, W.WAKE) !== 0) {
      Atomics.store(i32, W.WAKE, 0);
      spinUntil = performance.now() + WAKE_SPIN_US / 1000;
      hinted = true;
      continue;
    }
    if (spinUntil > 0) {
      if (performance.now() < spinUntil) continue;
      if (!hinted) spin.miss();
      spinUntil = 0;
      hinted = false;
    }
    if (Atomics.wait(i32, W.STATE, s, SLICE_MS) === 'timed-out') {
      await tick();
      lastTick = performance.now();
    }
  }
}
