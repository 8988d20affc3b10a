// The flat runner: a static Linux-ABI RV32 ELF on a bare machine with no kernel and no paging
// policy — memory mapped eagerly (identity), a handful of syscalls served host-side. It is the
// baseline the benchmark measures paging cost against (paging off vs Sv32 on, same program), and
// the quickest way to check a workload's output. The lab's real kernel lives in kernel/.

import { Machine } from './hw/machine.js';
import type { ElfImage } from './hw/elf.js';
import { makePte, makeSatp, PTE_A, PTE_D, PTE_R, PTE_U, PTE_V, PTE_W, PTE_X } from './hw/pte.js';
import { Cause, PRV_U } from './hw/trap.js';
import { AT_ENTRY, AT_PAGESZ, AT_PHDR, AT_PHENT, AT_PHNUM, buildInitStack } from './kernel/initstack.js';

export interface FlatOptions {
  /** Map everything through Sv32 page tables (4 KiB pages) instead of running with satp bare. */
  paging: boolean;
  /** RAM in bytes (program, heap, mmap area and stack all live in it). */
  ramSize?: number;
  argv: string[];
  maxInstructions?: number;
  /** Entries of the architectural TLB. */
  tlbEntries?: number;
  onWrite?: (fd: number, bytes: Uint8Array) => void;
}

export type FlatResult =
  | { kind: 'exit'; code: number; instructions: number; tlbMisses: number }
  | { kind: 'limit'; instructions: number; tlbMisses: number }
  | { kind: 'fault'; cause: number; tval: number; epc: number; instructions: number; tlbMisses: number };

const ENOSYS = 38, EBADF = 9, ENOMEM = 12;
const STACK_SIZE = 1 << 20;

/**
 * Prepares a machine running `image` in U-mode; returns it with a `step` that runs up to n
 * instructions, serving syscalls, and reports a result when the program ends.
 * Contract: guest memory is [0, ramSize) identity-mapped; a wild access ends the run as `fault`.
 */
export function createFlat(image: ElfImage, opts: FlatOptions): { machine: Machine; step: (n: number) => FlatResult | null } {
  const ramSize = opts.ramSize ?? 256 << 20;
  const m = new Machine({ ramBase: 0, ramSize, clint: false, ...(opts.tlbEntries ? { tlbEntries: opts.tlbEntries } : {}) });
  const cpu = m.cpu;
  for (const s of image.segments) m.mem.writeBytes(s.vaddr, s.data);
  const ptBytes = opts.paging ? 4096 * (1 + Math.ceil(ramSize / (4 << 20))) : 0;
  const ptBase = ramSize - ptBytes;
  const top = ptBase;
  const st = buildInitStack({
    top, argv: opts.argv, envp: [],
    auxv: [[AT_PAGESZ, 4096], [AT_ENTRY, image.entry],
      ...(image.phdr ? [[AT_PHDR, image.phdr.vaddr], [AT_PHENT, image.phdr.entsize], [AT_PHNUM, image.phdr.count]] as [number, number][] : [])],
    random: new Uint8Array(16).fill(0x5a),
  });
  m.mem.writeBytes(st.sp, st.bytes);
  let brk = image.brkStart;
  let mmapTop = top - STACK_SIZE;
  if (opts.paging) {
    const root = ptBase;
    const leafFlags = PTE_V | PTE_R | PTE_W | PTE_X | PTE_U | PTE_A | PTE_D;
    for (let mb = 0; mb * (4 << 20) < ramSize; mb++) {
      const table = ptBase + 4096 * (1 + mb);
      m.mem.write32(root + 4 * mb, makePte(table >>> 12, PTE_V));
      for (let i = 0; i < 1024; i++) {
        const pa = mb * (4 << 20) + i * 4096;
        if (pa < ramSize) m.mem.write32(table + 4 * i, makePte(pa >>> 12, leafFlags));
      }
    }
    cpu.setSatp(makeSatp(root >>> 12, 1));
  }
  cpu.hostTraps = true;
  cpu.setPriv(PRV_U);
  cpu.pc = image.entry;
  cpu.x[2] = st.sp;
  const x = cpu.x;
  const write = (fd: number, buf: number, len: number): number => {
    if (fd !== 1 && fd !== 2) return -EBADF;
    if (!m.mem.inRam(buf >>> 0, len)) return -14;
    opts.onWrite?.(fd, m.mem.readBytes(buf >>> 0, len));
    return len;
  };
  const misses = (): number => { const t = cpu.tlbStats(); return t.fetch.misses + t.load.misses + t.store.misses; };
  const max = opts.maxInstructions ?? Infinity;
  const step = (n: number): FlatResult | null => {
    const exit = cpu.run(Math.min(n, max - cpu.instret));
    if (exit.kind === 'budget') return cpu.instret >= max ? { kind: 'limit', instructions: cpu.instret, tlbMisses: misses() } : null;
    if (exit.kind !== 'trap' || exit.cause !== Cause.ecallU) {
      const e = exit.kind === 'trap' ? exit : { cause: -1, tval: 0, epc: cpu.pc };
      return { kind: 'fault', cause: e.cause, tval: e.tval, epc: e.epc, instructions: cpu.instret, tlbMisses: misses() };
    }
    cpu.instret++; // the ecall itself
    cpu.pc = (exit.epc + 4) >>> 0;
    const nr = x[17]!, a0 = x[10]!, a1 = x[11]!, a2 = x[12]!;
    let ret: number;
    switch (nr) {
      case 64: ret = write(a0, a1, a2); break;
      case 93: case 94: return { kind: 'exit', code: a0 & 0xff, instructions: cpu.instret, tlbMisses: misses() };
      case 214: {
        const want = a0 >>> 0;
        if (want >= image.brkStart && want < mmapTop - (16 << 20)) brk = want;
        ret = brk;
        break;
      }
      case 222: {
        const len = ((a1 >>> 0) + 4095) & ~4095;
        if (len === 0 || mmapTop - len < brk + (16 << 20)) { ret = -ENOMEM; break; }
        mmapTop -= len;
        m.mem.fill(mmapTop, len, 0);
        ret = mmapTop;
        break;
      }
      case 215: ret = 0; break;
      default: ret = -ENOSYS;
    }
    x[10] = ret;
    return null;
  };
  return { machine: m, step };
}

/** Runs `image` to completion with createFlat. */
export function runFlat(image: ElfImage, opts: FlatOptions): FlatResult {
  const f = createFlat(image, opts);
  for (;;) {
    const r = f.step(10_000_000);
    if (r) return r;
  }
}
