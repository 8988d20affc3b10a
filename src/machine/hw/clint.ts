// The core-local interruptor (SiFive CLINT layout, as qemu's virt and Spike use): msip, mtimecmp
// and mtime as MMIO. mtime is the hart's virtual time in cycles, never wall time.

import type { Cpu } from './cpu.js';
import type { MmioDevice } from './memory.js';
import { MIP_MSIP } from './trap.js';

export const CLINT_BASE = 0x0200_0000;
export const CLINT_SIZE = 0x1_0000;
const MSIP = 0x0;
const MTIMECMP = 0x4000;
const MTIME = 0xbff8;
const TWO32 = 0x1_0000_0000;

/** Creates the CLINT device for `cpu` at CLINT_BASE. */
export function createClint(cpu: Cpu): MmioDevice {
  let cmpLo = 0xffff_ffff, cmpHi = 0xffff_ffff;
  const word = (off: number): number => {
    if (off === MSIP) return cpu.mip & MIP_MSIP ? 1 : 0;
    if (off === MTIMECMP) return cmpLo;
    if (off === MTIMECMP + 4) return cmpHi;
    const t = cpu.timeNow();
    if (off === MTIME) return t >>> 0;
    if (off === MTIME + 4) return Math.floor(t / TWO32) >>> 0;
    return 0;
  };
  return {
    name: 'clint',
    base: CLINT_BASE,
    size: CLINT_SIZE,
    read(off, size) {
      const v = word(off & ~3);
      return size === 4 ? v : (v >>> (8 * (off & 3))) & (size === 2 ? 0xffff : 0xff);
    },
    write(off, size, value) {
      const w = off & ~3;
      const shift = 8 * (off & 3);
      const mask = size === 4 ? 0xffff_ffff : ((size === 2 ? 0xffff : 0xff) << shift) >>> 0;
      const merge = (old: number): number => ((old & ~mask) | ((value << shift) & mask)) >>> 0;
      if (w === MSIP) cpu.setPending(MIP_MSIP, (merge(word(MSIP)) & 1) !== 0);
      else if (w === MTIMECMP || w === MTIMECMP + 4) {
        if (w === MTIMECMP) cmpLo = merge(cmpLo); else cmpHi = merge(cmpHi);
        const cmp = cmpHi * TWO32 + cmpLo;
        cpu.setTimecmp(cmp >= 2 ** 64 - 2 ** 12 ? Infinity : cmp);
      } else if (w === MTIME || w === MTIME + 4) {
        const t = cpu.timeNow();
        const lo = w === MTIME ? merge(t >>> 0) : t >>> 0;
        const hi = w === MTIME + 4 ? merge(Math.floor(t / TWO32) >>> 0) : Math.floor(t / TWO32) >>> 0;
        cpu.setTime(hi * TWO32 + lo);
      }
    },
  };
}
