// System calls: a Linux RISC-V (rv32) subset with Linux numbers and semantics, errors as
// negative errno. Anything else is -ENOSYS and an event. Arguments come from a0..a5, the number
// from a7; user memory is reached only through usercopy.ts.

import type { Kernel } from './kernel.js';
import type { Process } from './process.js';
import { copyIn, copyOut } from './usercopy.js';
import { CYCLES_PER_SECOND } from './cost.js';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from './vma.js';

export type SyscallResult = { kind: 'return'; value: number } | { kind: 'exit'; code: number } | { kind: 'yield' };

export const SYS = {
  read: 63, write: 64, writev: 66, exit: 93, exit_group: 94, set_tid_address: 96, sched_yield: 124,
  uname: 160, getpid: 172, gettid: 178, brk: 214, munmap: 215, mmap: 222, mprotect: 226,
  getrandom: 278, clock_gettime64: 403,
} as const;

const EBADF = 9, ENOMEM = 12, EFAULT = 14, EINVAL = 22, ENOSYS = 38;
const MAP_SHARED = 0x01, MAP_PRIVATE = 0x02, MAP_FIXED = 0x10, MAP_ANONYMOUS = 0x20;
const ret = (value: number): SyscallResult => ({ kind: 'return', value });

/** Performs the system call in `p`'s registers (a7 = number). */
export function doSyscall(k: Kernel, p: Process): SyscallResult {
  const x = k.machine.cpu.x;
  const nr = x[17]!, a0 = x[10]!, a1 = x[11]!, a2 = x[12]!, a3 = x[13]!;
  switch (nr) {
    case SYS.write: return ret(write(k, p, a0, a1 >>> 0, a2 >>> 0));
    case SYS.writev: {
      let total = 0;
      for (let i = 0; i < a2; i++) {
        const iov = copyIn(k.pager, p, (a1 + 8 * i) >>> 0, 8);
        if (!iov) return ret(-EFAULT);
        const dv = new DataView(iov.buffer);
        const n = write(k, p, a0, dv.getUint32(0, true), dv.getUint32(4, true));
        if (n < 0) return ret(total > 0 ? total : n);
        total += n;
      }
      return ret(total);
    }
    case SYS.read: {
      if (a0 !== 0) return ret(-EBADF);
      const input = k.opts.stdin ?? new Uint8Array(0);
      const pos = k.stdinPos;
      const chunk = input.subarray(pos, pos + (a2 >>> 0));
      if (chunk.length && !copyOut(k.pager, p, a1 >>> 0, chunk)) return ret(-EFAULT);
      k.stdinPos = pos + chunk.length;
      return ret(chunk.length);
    }
    case SYS.exit: case SYS.exit_group: return { kind: 'exit', code: a0 & 0xff };
    case SYS.getpid: case SYS.gettid: case SYS.set_tid_address: return ret(p.pid);
    case SYS.sched_yield: return { kind: 'yield' };
    case SYS.clock_gettime64: {
      if (a0 < 0 || a0 > 7) return ret(-EINVAL);
      const t = k.now();
      const sec = Math.floor(t / CYCLES_PER_SECOND), nsec = Math.floor(((t % CYCLES_PER_SECOND) * 1e9) / CYCLES_PER_SECOND);
      const b = new Uint8Array(16);
      const dv = new DataView(b.buffer);
      dv.setUint32(0, sec >>> 0, true); dv.setUint32(4, Math.floor(sec / 2 ** 32), true);
      dv.setUint32(8, nsec, true);
      return ret(copyOut(k.pager, p, a1 >>> 0, b) ? 0 : -EFAULT);
    }
    case SYS.uname: {
      const fields = ['Linux', 'milklab', '6.1.0-milklab', '#1 milklab', 'riscv32', '(none)'];
      const b = new Uint8Array(65 * 6);
      fields.forEach((f, i) => b.set(new TextEncoder().encode(f), 65 * i));
      return ret(copyOut(k.pager, p, a0 >>> 0, b) ? 0 : -EFAULT);
    }
    case SYS.getrandom: {
      const n = Math.min(a1 >>> 0, 1 << 20);
      const b = new Uint8Array(n);
      for (let i = 0; i < n; i++) b[i] = k.rng.next() & 0xff;
      return ret(copyOut(k.pager, p, a0 >>> 0, b) ? n : -EFAULT);
    }
    case SYS.brk: return ret(brk(k, p, a0 >>> 0));
    case SYS.mmap: return ret(mmap(k, p, a0 >>> 0, a1 >>> 0, a2, a3, x[14]!));
    case SYS.munmap: {
      if ((a0 & 0xfff) !== 0 || a1 === 0) return ret(-EINVAL);
      unmapRange(k, p, (a0 >>> 0) / 4096, Math.ceil(((a0 >>> 0) + (a1 >>> 0)) / 4096));
      return ret(0);
    }
    case SYS.mprotect: {
      if ((a0 & 0xfff) !== 0) return ret(-EINVAL);
      const start = (a0 >>> 0) / 4096, end = Math.ceil(((a0 >>> 0) + (a1 >>> 0)) / 4096);
      if (!p.as.vmas.covers(start, end)) return ret(-ENOMEM);
      const prot = a2 & (PROT_READ | PROT_WRITE | PROT_EXEC);
      p.as.vmas.protect(start, end, prot);
      for (let v = start; v < end; v++) {
        const rec = p.as.pages.get(v);
        if (rec && rec.frame >= 0) { p.as.reprotect(v, rec, prot); k.machine.cpu.sfenceVma(v * 4096, p.as.asid); }
      }
      return ret(0);
    }
  }
  k.emit({ type: 'enosys', pid: p.pid, name: p.name, syscall: nr, time: k.now() });
  return ret(-ENOSYS);
}

function write(k: Kernel, p: Process, fd: number, buf: number, len: number): number {
  if (fd !== 1 && fd !== 2) return -EBADF;
  if (len === 0) return 0;
  const bytes = copyIn(k.pager, p, buf, len);
  if (!bytes) return -EFAULT;
  k.opts.onOutput?.(p.pid, fd, bytes);
  return len;
}

function brk(k: Kernel, p: Process, want: number): number {
  const as = p.as;
  if (want < as.brkStart) return as.brk;
  const oldEnd = Math.ceil(as.brk / 4096), newEnd = Math.ceil(want / 4096);
  const startPage = Math.ceil(as.brkStart / 4096);
  if (newEnd > oldEnd) {
    if (!as.vmas.isFree(oldEnd, newEnd) || newEnd >= as.mmapTop) return as.brk;
    as.vmas.add({ start: Math.max(oldEnd, startPage), end: newEnd, prot: PROT_READ | PROT_WRITE, kind: 'heap' });
  } else if (newEnd < oldEnd) {
    unmapRange(k, p, Math.max(newEnd, startPage), oldEnd);
  }
  as.brk = want;
  return want;
}

function mmap(k: Kernel, p: Process, addr: number, len: number, prot: number, flags: number, fd: number): number {
  if (len === 0 || (flags & MAP_ANONYMOUS) === 0 || (flags & (MAP_SHARED | MAP_PRIVATE)) === 0) return -(fd >= 0 && (flags & MAP_ANONYMOUS) === 0 ? EBADF : EINVAL);
  const pages = Math.ceil(len / 4096);
  if (pages > 0x80000) return -ENOMEM;
  let start: number;
  if (flags & MAP_FIXED) {
    if ((addr & 0xfff) !== 0) return -EINVAL;
    start = addr / 4096;
    if (start + pages > 0xfffff) return -ENOMEM;
    unmapRange(k, p, start, start + pages);
  } else {
    start = -1;
    for (let top = p.as.mmapTop; top - pages >= Math.ceil(p.as.brk / 4096) + 1;) {
      const lo = top - pages;
      if (p.as.vmas.isFree(lo, top)) { start = lo; break; }
      const blocker = p.as.vmas.list.filter((v) => v.start < top && lo < v.end).reduce((m, v) => Math.min(m, v.start), top);
      top = blocker;
    }
    if (start < 0) return -ENOMEM;
  }
  p.as.vmas.add({ start, end: start + pages, prot: prot & 7, kind: 'mmap' });
  return (start * 4096) | 0;
}

/** Unmaps [start, end) pages: discards resident pages and swap copies, removes the VMAs. */
export function unmapRange(k: Kernel, p: Process, start: number, end: number): void {
  for (const [vpn, rec] of [...p.as.pages]) if (vpn >= start && vpn < end) k.pager.discard(p, vpn, rec, true);
  p.as.vmas.remove(start, end);
}
