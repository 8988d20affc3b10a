// The bare Machine: RAM geometry, the hart reset in M-mode at ramBase, the TLB size option, the
// CLINT attached by default (or not), and the three wired together running a program.
import { describe, expect, it } from 'vitest';
import { CLINT_BASE } from '../../../src/machine/hw/clint.js';
import { Machine } from '../../../src/machine/hw/machine.js';
import { MIP_MSIP, PRV_M } from '../../../src/machine/hw/trap.js';
import { Asm } from '../../helpers/asm.js';
import { CLINT_MSIP, CLINT_MTIME } from '../../helpers/run-program.js';

const RAM = 0x8000_0000;

describe('Machine', () => {
  it('builds zeroed RAM of the given size at the given base', () => {
    const m = new Machine({ ramBase: RAM, ramSize: 64 * 1024 });
    expect(m.mem.base).toBe(RAM);
    expect(m.mem.size).toBe(64 * 1024);
    expect(m.mem.frames).toBe(16);
    expect(m.mem.inRam(RAM + 64 * 1024 - 4, 4)).toBe(true);
    expect(m.mem.inRam(RAM + 64 * 1024, 1)).toBe(false);
    expect(m.mem.u8.every((b) => b === 0)).toBe(true);
    expect(m.cpu.mem).toBe(m.mem);
  });

  it('resets the hart in M-mode with pc = ramBase (unsigned), registers and time zero', () => {
    const m = new Machine({ ramBase: RAM, ramSize: 4096 });
    expect(m.cpu.pc).toBe(0x8000_0000);
    expect(m.cpu.priv).toBe(PRV_M);
    expect(Array.from(m.cpu.x).every((r) => r === 0)).toBe(true);
    expect(m.cpu.instret).toBe(0);
    expect(m.cpu.timeNow()).toBe(0);
    const low = new Machine({ ramBase: 0x1000_0000, ramSize: 4096 });
    expect(low.cpu.pc).toBe(0x1000_0000);
  });

  it('rejects RAM that is not a positive multiple of 4 KiB or not page aligned', () => {
    expect(() => new Machine({ ramBase: RAM, ramSize: 1000 })).toThrow(RangeError);
    expect(() => new Machine({ ramBase: RAM, ramSize: 0 })).toThrow(RangeError);
    expect(() => new Machine({ ramBase: RAM + 4, ramSize: 4096 })).toThrow(RangeError);
  });

  it('sizes the architectural TLB from tlbEntries (default 512), a power of two', () => {
    expect(new Machine({ ramBase: RAM, ramSize: 4096 }).cpu.tlb.entries).toBe(512);
    expect(new Machine({ ramBase: RAM, ramSize: 4096, tlbEntries: 16 }).cpu.tlb.entries).toBe(16);
    expect(() => new Machine({ ramBase: RAM, ramSize: 4096, tlbEntries: 24 })).toThrow(/power of two/);
  });

  it('attaches the CLINT at 0x0200_0000 by default, wired to this hart', () => {
    const m = new Machine({ ramBase: RAM, ramSize: 4096 });
    expect(m.mem.deviceAt(CLINT_BASE, 4)?.name).toBe('clint');
    m.cpu.stall = 1234;
    expect(m.mem.read(CLINT_MTIME, 4)).toBe(1234);
    m.mem.write(CLINT_MSIP, 4, 1);
    expect(m.cpu.mip & MIP_MSIP).toBe(MIP_MSIP);
  });

  it('leaves the CLINT out with clint: false (its addresses then do not exist)', () => {
    const m = new Machine({ ramBase: RAM, ramSize: 4096, clint: false });
    expect(m.mem.exists(CLINT_MTIME, 4)).toBe(false);
    expect(m.mem.deviceAt(CLINT_BASE, 4)).toBeUndefined();
  });

  it('refuses RAM that covers the CLINT unless the CLINT is left out', () => {
    const opts = { ramBase: 0x0200_0000, ramSize: 0x1_0000 };
    expect(() => new Machine(opts)).toThrow(/clint overlaps RAM/);
    const m = new Machine({ ...opts, clint: false });
    expect(m.mem.inRam(CLINT_MTIME, 4)).toBe(true);
  });

  it('runs a program from ramBase that reads mtime through the CLINT', () => {
    const m = new Machine({ ramBase: RAM, ramSize: 8192 });
    const a = new Asm(RAM);
    a.li('t0', CLINT_MTIME);
    a.nop().nop().nop();
    a.label('load').lw('a0', 0, 't0');
    a.label('end').ecall();
    m.mem.writeBytes(RAM, a.bytes());
    m.cpu.hostTraps = true;
    const exit = m.cpu.run(100);
    expect(exit).toMatchObject({ kind: 'trap', cause: 11, epc: a.addressOf('end') });
    // mtime equals the instructions retired before the load (li is one or two instructions)
    const before = (a.addressOf('load') - RAM) / 4;
    expect(m.cpu.x[10]).toBe(before);
  });
});
