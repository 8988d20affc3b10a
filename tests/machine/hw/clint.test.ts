// The CLINT as an MMIO device on a real hart, driven from the host between blocks: msip, the
// 64-bit mtimecmp (reset to "never", MTIP when mtime >= mtimecmp) and mtime in virtual cycles,
// with word and sub-word accesses, and the layout as seen through physical memory.
import { describe, expect, it } from 'vitest';
import { CLINT_BASE, CLINT_SIZE, createClint } from '../../../src/machine/hw/clint.js';
import { Cpu } from '../../../src/machine/hw/cpu.js';
import type { MmioDevice } from '../../../src/machine/hw/memory.js';
import { PhysMemory } from '../../../src/machine/hw/memory.js';
import { MIP_MSIP, MIP_MTIP } from '../../../src/machine/hw/trap.js';

const MSIP = 0x0;
const MTIMECMP = 0x4000;
const MTIME = 0xbff8;
const TWO32 = 2 ** 32;

/** A hart on a small RAM with its CLINT; time advances only through cpu.stall (virtual cycles). */
function setup(): { cpu: Cpu; mem: PhysMemory; clint: MmioDevice } {
  const mem = new PhysMemory(0x8000_0000, 4096);
  const cpu = new Cpu(mem);
  const clint = createClint(cpu);
  mem.addDevice(clint);
  return { cpu, mem, clint };
}

/** Arms mtimecmp the way guests do: low word to all-ones first, then high, then low. */
function setCmp(clint: MmioDevice, v: number): void {
  clint.write(MTIMECMP, 4, 0xffff_ffff);
  clint.write(MTIMECMP + 4, 4, Math.floor(v / TWO32) >>> 0);
  clint.write(MTIMECMP, 4, v >>> 0);
}

describe('CLINT', () => {
  it('is named clint and covers 64 KiB at 0x0200_0000', () => {
    const { clint, mem } = setup();
    expect([clint.name, clint.base, clint.size]).toEqual(['clint', 0x0200_0000, 0x1_0000]);
    expect([CLINT_BASE, CLINT_SIZE]).toEqual([0x0200_0000, 0x1_0000]);
    expect(mem.deviceAt(CLINT_BASE + MTIME, 4)).toBe(clint);
    expect(mem.exists(CLINT_BASE + CLINT_SIZE - 4, 4)).toBe(true);
    expect(mem.exists(CLINT_BASE + CLINT_SIZE, 4)).toBe(false);
  });

  describe('msip', () => {
    it('bit 0 sets and clears MSIP in mip and reads back', () => {
      const { cpu, clint } = setup();
      expect(clint.read(MSIP, 4)).toBe(0);
      clint.write(MSIP, 4, 1);
      expect(cpu.mip & MIP_MSIP).toBe(MIP_MSIP);
      expect(clint.read(MSIP, 4)).toBe(1);
      clint.write(MSIP, 4, 0);
      expect(cpu.mip & MIP_MSIP).toBe(0);
      expect(clint.read(MSIP, 4)).toBe(0);
    });

    it('only bit 0 is implemented: other bits neither set MSIP nor read back', () => {
      const { cpu, clint } = setup();
      clint.write(MSIP, 4, 0xffff_fffe);
      expect(cpu.mip & MIP_MSIP).toBe(0);
      expect(clint.read(MSIP, 4)).toBe(0);
      clint.write(MSIP, 4, 0xffff_ffff);
      expect(clint.read(MSIP, 4)).toBe(1);
    });

    it('reflects MSIP set by the hart side, and a byte store to another byte leaves it alone', () => {
      const { cpu, clint } = setup();
      cpu.setPending(MIP_MSIP, true);
      expect(clint.read(MSIP, 1)).toBe(1);
      clint.write(MSIP + 1, 1, 0); // byte 1: bit 0 is not in it
      expect(cpu.mip & MIP_MSIP).toBe(MIP_MSIP);
      clint.write(MSIP, 1, 0);
      expect(cpu.mip & MIP_MSIP).toBe(0);
    });

    it('does not touch the other mip bits', () => {
      const { cpu, clint } = setup();
      setCmp(clint, 0); // MTIP on
      clint.write(MSIP, 4, 1);
      clint.write(MSIP, 4, 0);
      expect(cpu.mip & MIP_MTIP).toBe(MIP_MTIP);
    });
  });

  describe('mtimecmp', () => {
    it('resets to all ones, which means never: the timer is not armed and MTIP is clear', () => {
      const { cpu, clint } = setup();
      expect(clint.read(MTIMECMP, 4)).toBe(0xffff_ffff);
      expect(clint.read(MTIMECMP + 4, 4)).toBe(0xffff_ffff);
      expect(cpu.mtimecmp).toBe(Infinity);
      expect(cpu.mip & MIP_MTIP).toBe(0);
    });

    it('reads back both halves as written and hands the 64-bit value to the hart', () => {
      const { cpu, clint } = setup();
      setCmp(clint, 0x0000_0012_3456_789a);
      expect(clint.read(MTIMECMP, 4)).toBe(0x3456_789a);
      expect(clint.read(MTIMECMP + 4, 4)).toBe(0x12);
      expect(cpu.mtimecmp).toBe(0x12 * TWO32 + 0x3456_789a);
    });

    it('writing only the low word leaves the high word all ones: still far in the future', () => {
      const { cpu, clint } = setup();
      cpu.stall = 1000;
      clint.write(MTIMECMP, 4, 5);
      expect(cpu.mtimecmp).toBeGreaterThan(2 ** 63);
      expect(cpu.mip & MIP_MTIP).toBe(0);
      clint.write(MTIMECMP + 4, 4, 0);
      expect(cpu.mtimecmp).toBe(5);
      expect(cpu.mip & MIP_MTIP).toBe(MIP_MTIP);
    });

    it('MTIP follows mtime >= mtimecmp, and rearming in the future clears it', () => {
      const { cpu, clint } = setup();
      cpu.stall = 100;
      setCmp(clint, 101);
      expect(cpu.mip & MIP_MTIP).toBe(0);
      setCmp(clint, 100); // equal counts as reached
      expect(cpu.mip & MIP_MTIP).toBe(MIP_MTIP);
      setCmp(clint, 5000);
      expect(cpu.mip & MIP_MTIP).toBe(0);
      setCmp(clint, 0xffff_ffff_ffff_f000); // the far end maps to never
      expect(cpu.mtimecmp).toBe(Infinity);
    });

    it('a large but finite mtimecmp (high word all ones, low word 0) stays finite', () => {
      const { cpu, clint } = setup();
      setCmp(clint, 0);
      clint.write(MTIMECMP + 4, 4, 0xffff_ffff);
      expect(cpu.mtimecmp).toBe(0xffff_ffff * TWO32);
      expect(Number.isFinite(cpu.mtimecmp)).toBe(true);
    });

    it('byte and halfword stores merge into the addressed bytes only', () => {
      const { clint } = setup();
      setCmp(clint, 0x1122_3344);
      clint.write(MTIMECMP + 1, 1, 0xab);
      expect(clint.read(MTIMECMP, 4)).toBe(0x1122_ab44);
      clint.write(MTIMECMP + 2, 2, 0xcdef);
      expect(clint.read(MTIMECMP, 4)).toBe(0xcdef_ab44);
      clint.write(MTIMECMP + 5, 1, 0x77);
      expect(clint.read(MTIMECMP + 4, 4)).toBe(0x7700);
    });
  });

  describe('mtime', () => {
    it('is the hart\'s virtual time in cycles (instret + stall), split into two words', () => {
      const { cpu, clint } = setup();
      expect(clint.read(MTIME, 4)).toBe(0);
      cpu.instret = 3;
      cpu.stall = 3 * TWO32 + 0x10;
      expect(cpu.timeNow()).toBe(3 * TWO32 + 0x13);
      expect(clint.read(MTIME, 4)).toBe(0x13);
      expect(clint.read(MTIME + 4, 4)).toBe(3);
    });

    it('sub-word reads pick the addressed bytes', () => {
      const { cpu, clint } = setup();
      cpu.stall = 0xa1b2_c3d4;
      expect(clint.read(MTIME, 1)).toBe(0xd4);
      expect(clint.read(MTIME + 1, 1)).toBe(0xc3);
      expect(clint.read(MTIME + 3, 1)).toBe(0xa1);
      expect(clint.read(MTIME + 2, 2)).toBe(0xa1b2);
      expect(clint.read(MTIME, 2)).toBe(0xc3d4);
    });

    it('writes to either half set the time and keep the other half; time then runs on from there', () => {
      const { cpu, clint } = setup();
      cpu.stall = 2 * TWO32 + 500;
      clint.write(MTIME, 4, 0x4000_0000);
      expect(cpu.timeNow()).toBe(2 * TWO32 + 0x4000_0000);
      clint.write(MTIME + 4, 4, 7);
      expect(cpu.timeNow()).toBe(7 * TWO32 + 0x4000_0000);
      cpu.stall += 10; // ten more cycles pass
      expect(clint.read(MTIME, 4)).toBe(0x4000_000a);
      expect(clint.read(MTIME + 4, 4)).toBe(7);
      expect(cpu.cycles(0)).toBe(2 * TWO32 + 510); // mcycle is not mtime: it is untouched
    });

    it('a byte store to mtime merges into the current time', () => {
      const { cpu, clint } = setup();
      cpu.stall = 0x1234_5678;
      clint.write(MTIME + 1, 1, 0xff);
      expect(cpu.timeNow()).toBe(0x1234_ff78);
    });

    it('moving mtime past mtimecmp raises MTIP, moving it back clears it', () => {
      const { cpu, clint } = setup();
      setCmp(clint, 1000);
      expect(cpu.mip & MIP_MTIP).toBe(0);
      clint.write(MTIME, 4, 1000);
      expect(cpu.mip & MIP_MTIP).toBe(MIP_MTIP);
      clint.write(MTIME, 4, 999);
      expect(cpu.mip & MIP_MTIP).toBe(0);
    });
  });

  it('reads zero and ignores writes at unimplemented offsets', () => {
    const { cpu, clint } = setup();
    cpu.stall = 42;
    for (const off of [0x4, 0x100, 0x3ffc, 0x4008, 0xbff0, 0xfffc]) {
      clint.write(off, 4, 0xffff_ffff);
      expect(clint.read(off, 4)).toBe(0);
    }
    expect(cpu.mip).toBe(0);
    expect(cpu.mtimecmp).toBe(Infinity);
    expect(cpu.timeNow()).toBe(42);
    expect(clint.read(MSIP, 4)).toBe(0);
  });

  it('is reachable through physical memory at its MMIO addresses', () => {
    const { cpu, mem } = setup();
    cpu.stall = 77;
    expect(mem.read(CLINT_BASE + MTIME, 4)).toBe(77);
    mem.write(CLINT_BASE + MSIP, 4, 1);
    expect(cpu.mip & MIP_MSIP).toBe(MIP_MSIP);
    mem.write(CLINT_BASE + MTIMECMP + 4, 4, 0);
    mem.write(CLINT_BASE + MTIMECMP, 4, 77);
    expect(cpu.mip & MIP_MTIP).toBe(MIP_MTIP);
  });
});
