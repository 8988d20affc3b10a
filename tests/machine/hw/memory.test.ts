import { describe, expect, it, vi } from 'vitest';
import { FRAME_CODE, PhysMemory, type MmioDevice } from '../../../src/machine/hw/memory.js';

describe('PhysMemory', () => {
  it('reads and writes RAM little-endian at every width, aligned or not', () => {
    const m = new PhysMemory(0x8000_0000, 8192);
    m.write(0x8000_0000, 4, 0x11223344);
    expect(m.read(0x8000_0000, 1)).toBe(0x44);
    expect(m.read(0x8000_0001, 2)).toBe(0x2233);
    expect(m.read(0x8000_0001, 4)).toBe(0x00112233);
    m.write(0x8000_0ffe, 4, 0xdeadbeef); // crosses a frame boundary
    expect(m.read(0x8000_0ffe, 4)).toBe(0xdeadbeef);
    expect(m.read(0x8000_1000, 2)).toBe(0xdead);
  });
  it('knows what exists: RAM, devices, nothing else', () => {
    const m = new PhysMemory(0x1000, 4096);
    const dev: MmioDevice = { name: 'd', base: 0x10, size: 8, read: (off) => off + 1, write: vi.fn() };
    m.addDevice(dev);
    expect(m.exists(0x1000, 4)).toBe(true);
    expect(m.exists(0x1ffd, 4)).toBe(false);
    expect(m.exists(0x14, 4)).toBe(true);
    expect(m.read(0x14, 4)).toBe(5);
    m.write(0x10, 2, 0xabcd);
    expect(dev.write).toHaveBeenCalledWith(0, 2, 0xabcd);
    expect(m.exists(0x20, 1)).toBe(false);
  });
  it('refuses devices that overlap RAM or each other', () => {
    const m = new PhysMemory(0x1000, 4096);
    const d = (base: number): MmioDevice => ({ name: `d${base}`, base, size: 16, read: () => 0, write: () => {} });
    expect(() => m.addDevice(d(0x1ff8))).toThrow(/overlaps RAM/);
    m.addDevice(d(0x100));
    expect(() => m.addDevice(d(0x108))).toThrow(/overlaps d256/);
  });
  it('invalidates compiled code of a frame on any write into it, once', () => {
    const m = new PhysMemory(0, 3 * 4096);
    const seen: number[] = [];
    m.onCodeInvalidate = (f) => seen.push(f);
    m.frameFlags[1] |= FRAME_CODE;
    m.write(0x100, 4, 1); // frame 0: no code
    m.write(0x1ffe, 4, 1); // crosses into frame 1... and 2
    m.write(0x1000, 4, 1); // flag already cleared
    expect(seen).toEqual([1]);
    m.frameFlags[2] |= FRAME_CODE;
    m.fill(0x2000, 16);
    m.frameFlags[0] |= FRAME_CODE;
    m.writeBytes(0, new Uint8Array([1, 2]));
    expect(seen).toEqual([1, 2, 0]);
  });
  it('notifies store watchers after the store', () => {
    const m = new PhysMemory(0, 4096);
    const got: number[] = [];
    m.watch(0x40, 4, (pa, size, v) => got.push(pa, size, v, m.read(0x40, 4)));
    m.write(0x3c, 4, 9); // not overlapping
    m.write(0x42, 2, 0x1234);
    expect(got).toEqual([0x42, 2, 0x1234, 0x12340000]);
  });
  it('rejects bad geometry and host accesses outside RAM', () => {
    expect(() => new PhysMemory(0, 1000)).toThrow(/multiple of 4 KiB/);
    expect(() => new PhysMemory(0x10, 4096)).toThrow(/aligned/);
    const m = new PhysMemory(0, 4096);
    expect(() => m.writeBytes(4090, new Uint8Array(10))).toThrow(/outside RAM/);
    expect(() => m.readBytes(5000, 1)).toThrow(/outside RAM/);
  });
});
