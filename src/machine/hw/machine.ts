// A bare RISC-V machine: RAM, one hart and the CLINT timer, wired together. It knows nothing of
// kernels or services; those drive it through run() and the physical-memory interface.

import { Cpu } from './cpu.js';
import { createClint } from './clint.js';
import { PhysMemory } from './memory.js';

export interface MachineOptions {
  /** Physical address of RAM (riscv-tests expect 0x8000_0000). */
  ramBase: number;
  /** RAM size in bytes, a multiple of 4 KiB. */
  ramSize: number;
  /** Entries of the architectural TLB (a power of two). */
  tlbEntries?: number;
  /** Attach the CLINT timer at 0x0200_0000 (default true; RAM must not cover it). */
  clint?: boolean;
}

export class Machine {
  readonly mem: PhysMemory;
  readonly cpu: Cpu;

  /** Builds RAM, the hart (reset in M-mode, pc = ramBase) and, unless disabled, the CLINT. */
  constructor(opts: MachineOptions) {
    this.mem = new PhysMemory(opts.ramBase, opts.ramSize);
    this.cpu = new Cpu(this.mem, opts.tlbEntries === undefined ? {} : { tlbEntries: opts.tlbEntries });
    if (opts.clint ?? true) this.mem.addDevice(createClint(this.cpu));
    this.cpu.pc = opts.ramBase >>> 0;
  }
}
