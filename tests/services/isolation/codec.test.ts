// The numeric encodings of protocol values in the channel payload.
import { describe, expect, it } from 'vitest';
import { Channel, INITIAL_PAYLOAD } from '../../../src/services/isolation/channel.js';
import {
  BitsReader, bitsNums, initNums, putBits, putFault, putInit, putUsage, quotaNums, readFault, readInit, readList, readQuotas, readUsage, usageNums,
} from '../../../src/services/isolation/codec.js';
import { makeBits } from '../../../src/services/host.js';

describe('codec', () => {
  it('carries bits parallel to frames and rebuilds frame-indexed arrays', () => {
    const referenced = new Uint8Array(40), dirty = new Uint8Array(40), vpn = new Int32Array(40).fill(-1);
    const frames = [31, 3, 17];
    for (const f of frames) vpn[f] = 1000 + f;
    referenced[3] = 1; dirty[17] = 1; referenced[31] = 1; dirty[31] = 1;
    referenced[5] = 1; // not in frames: must not be visible
    const f = new Float64Array(64);
    const end = putBits(f, 2, { frames, referenced, dirty, vpn, now: 2 ** 40 + 1 });
    expect(end).toBe(2 + bitsNums({ frames, referenced, dirty, vpn, now: 0 }));
    const c = { at: 2 };
    const reader = new BitsReader();
    const b = reader.read(f, c);
    expect(c.at).toBe(end);
    expect(b.now).toBe(2 ** 40 + 1);
    const bits = makeBits(b);
    expect(bits.frames).toEqual(frames);
    expect(frames.map((x) => [bits.referenced(x), bits.dirty(x), bits.vpn(x)])).toEqual([[true, true, 1031], [true, false, 1003], [false, true, 1017]]);
    expect(bits.referenced(5)).toBe(false);
    // a second, smaller read reuses the arrays; stale frames stay invisible through makeBits
    const g = new Float64Array(16);
    putBits(g, 0, { frames: [5], referenced: new Uint8Array(6), dirty: new Uint8Array(6), vpn: new Int32Array(6).fill(7), now: 1 });
    const b2 = makeBits(reader.read(g, { at: 0 }));
    expect([b2.frames, b2.referenced(5), b2.vpn(5), b2.vpn(31)]).toEqual([[5], false, 7, -1]);
  });

  it('round-trips inits, faults, usage reports and answers', () => {
    const f = new Float64Array(64);
    const init = { frames: 8, references: [1, 2, 3] };
    expect(putInit(f, 0, init)).toBe(initNums(init));
    expect(readInit(f, { at: 0 })).toEqual({ a: 8, references: [1, 2, 3] });
    putInit(f, 0, { totalFrames: 64 });
    expect(readInit(f, { at: 0 })).toEqual({ a: 64 });
    putInit(f, 0, undefined);
    expect(readInit(f, { at: 0 })).toEqual({ a: 0 });
    const fault = { pid: 2, vpn: 0x12345, write: true, major: false, now: 2 ** 45 };
    putFault(f, 1, fault);
    expect(readFault(f, { at: 1 })).toEqual(fault);
    const u = { totalFrames: 64, now: 99, processes: [{ pid: 1, resident: 3, faults: 4, instructions: 2 ** 35, quota: 9 }, { pid: 7, resident: 0, faults: 0, instructions: 0, quota: 1 }] };
    expect(putUsage(f, 0, u)).toBe(usageNums(u));
    expect(readUsage(f, { at: 0 })).toEqual(u);
    f.set(quotaNums({ 3: 10, 1: 5 }), 0);
    expect(readQuotas(f, 0)).toEqual({ 1: 5, 3: 10 });
    f.set([3, 4, -1, 2 ** 40], 0);
    expect(readList(f, 0)).toEqual([4, -1, 2 ** 40]);
  });

  it('sizes channels in powers of two and carries text and bytes', () => {
    expect(Channel.create().capacity).toBe(INITIAL_PAYLOAD);
    expect(Channel.create(INITIAL_PAYLOAD + 1).capacity).toBe(INITIAL_PAYLOAD * 2);
    const ch = Channel.create();
    const n = ch.putText(3, 'héllo ✓');
    expect(ch.takeText(3, n)).toBe('héllo ✓');
    ch.putBytes(3, Uint8Array.from([1, 2, 3]), 1);
    expect([...ch.takeBytes(3, 3, 1)]).toEqual([1, 2, 3]);
  });
});
