// System calls with real guest programs. Each program saves a0 after the calls it makes into a
// results page (s11 points at it) and writes that page's used part to stdout as its last output.
import { describe, expect, it } from 'vitest';
import { COST } from '../../../src/machine/kernel/cost.js';
import { STACK_PAGES, STACK_TOP } from '../../../src/machine/kernel/kernel.js';
import type { Process } from '../../../src/machine/kernel/process.js';
import type { Asm, Reg } from '../../helpers/asm.js';
import { DATA, exit, MAP, NR, PROT, program, str, syscall, words, type DataSeg } from '../../helpers/guest.js';
import { boot, type BootOptions, type Booted } from './harness.js';

const RES = DATA; // results page
const BUF = DATA + 0x1000; // scratch pages
const DATA2 = DATA + 0x10000; // initialised data, when a test needs it
const BAD = 0x0dea_d000; // never mapped
const TEXT_END_GUARD = 0x10000 + 0x1000 * 8; // past the text (one page is plenty here): unmapped
const EBADF = -9, ENOMEM = -12, EFAULT = -14, EINVAL = -22, ENOSYS = -38;
const MMAP_TOP = STACK_TOP / 4096 - STACK_PAGES - 256; // first page above the mmap area

type Save = (slot: number, r?: Reg) => void;

/** A program: body(a, save), then results written to fd 1, then exit(0). */
function sysProg(body: (a: Asm, save: Save) => void, data: DataSeg[] = []): ReturnType<typeof program> {
  return program((a) => {
    let slots = 0;
    const save: Save = (slot, r = 'a0') => { a.sw(r, 4 * slot, 's11'); slots = Math.max(slots, slot + 1); };
    a.li('s11', RES);
    body(a, save);
    a.li('a0', 1).li('a1', RES).li('a2', 4 * slots);
    syscall(a, NR.write);
    exit(a, 0);
  }, [{ vaddr: DATA, memsz: 4 * 4096 }, ...data]);
}

/** Calls `nr` with integer arguments (each a number or a register). */
function call(a: Asm, nr: number, ...args: (number | Reg)[]): void {
  const regs: Reg[] = ['a0', 'a1', 'a2', 'a3', 'a4', 'a5'];
  args.forEach((v, i) => { if (typeof v === 'number') a.li(regs[i]!, v); else a.mv(regs[i]!, v); });
  syscall(a, nr);
}

interface Ran { h: Booted; p: Process; res: number[] }

/** Runs one program to the end; res = the saved results (signed). */
function run(image: ReturnType<typeof program>, opts: Partial<BootOptions> = {}): Ran {
  const h = boot({ frames: 32, ...opts });
  const p = h.spawn(image, 'sys');
  h.runAll();
  const mine = h.chunks.filter((c) => c.pid === p.pid && c.fd === 1);
  const res = mine.length && p.exitCode === 0 ? words(mine[mine.length - 1]!.bytes).map((w) => w | 0) : [];
  return { h, p, res };
}

const text = (b: Uint8Array): string => new TextDecoder().decode(b);

describe('write and writev', () => {
  it('write sends bytes to stdout and stderr through onOutput and returns the count', () => {
    const { h, p, res } = run(sysProg((a, save) => {
      a.la('s0', 'msg');
      call(a, NR.write, 1, 's0', 6); save(0);
      a.addi('s1', 's0', 6);
      call(a, NR.write, 2, 's1', 4); save(1);
      call(a, NR.write, 1, 's0', 0); save(2);
      a.j('over');
      str(a, 'msg', 'hello\nerr\n');
      a.label('over');
    }));
    expect(res).toEqual([6, 4, 0]);
    const chunks = h.chunks.filter((c) => c.pid === p.pid);
    expect(chunks.map((c) => [c.fd, text(c.bytes)]).slice(0, 2)).toEqual([[1, 'hello\n'], [2, 'err\n']]);
    expect(chunks.length).toBe(3); // the empty write produced nothing (the third is the results)
  });

  it('write to a bad descriptor is -EBADF; a bad buffer is -EFAULT and writes nothing', () => {
    const { h, p, res } = run(sysProg((a, save) => {
      a.la('s0', 'msg');
      call(a, NR.write, 0, 's0', 2); save(0);
      call(a, NR.write, 3, 's0', 2); save(1);
      call(a, NR.write, -1, 's0', 2); save(2);
      call(a, NR.write, 1, BAD, 2); save(3);
      // starts in mapped bss, runs past its end: nothing may be written
      call(a, NR.write, 1, DATA + 4 * 4096 - 2, 8); save(4);
      call(a, NR.write, 2, TEXT_END_GUARD, 1); save(5);
      a.j('over');
      str(a, 'msg', 'ok');
      a.label('over');
    }));
    expect(res).toEqual([EBADF, EBADF, EBADF, EFAULT, EFAULT, EFAULT]);
    expect(h.chunks.filter((c) => c.pid === p.pid).length).toBe(1); // only the results
  });

  it('writev gathers its vectors, returns the total, and reports bad vectors', () => {
    // iovecs in initialised data: {ptr, len} pairs pointing at strings in the same segment
    const d = new Uint8Array(256);
    const dv = new DataView(d.buffer);
    const strs = ['one ', '', 'two ', 'three'];
    let at = 128;
    strs.forEach((s, i) => {
      d.set(new TextEncoder().encode(s), at);
      dv.setUint32(8 * i, DATA2 + at, true);
      dv.setUint32(8 * i + 4, s.length, true);
      at += 16;
    });
    dv.setUint32(32, BAD, true); dv.setUint32(36, 4, true); // a fifth, bad vector
    const { h, p, res } = run(sysProg((a, save) => {
      call(a, NR.writev, 1, DATA2, 4); save(0);
      call(a, NR.writev, 1, BAD, 1); save(1);
      call(a, NR.writev, 9, DATA2, 1); save(2);
      call(a, NR.writev, 1, DATA2 + 16, 3); save(3); // 'two ', 'three', then the bad one: partial count
      call(a, NR.writev, 1, DATA2 + 32, 1); save(4); // only the bad one
      call(a, NR.writev, 2, DATA2, 0); save(5);
    }, [{ vaddr: DATA2, bytes: d }]));
    expect(res).toEqual([13, EFAULT, EBADF, 9, EFAULT, 0]);
    expect(text(h.out(p.pid, 1)).startsWith('one two threetwo three')).toBe(true);
    expect(h.out(p.pid, 2).length).toBe(0);
  });
});

describe('read', () => {
  it('reads the kernel stdin buffer in order, then 0 at end of file', () => {
    const { h, p, res } = run(sysProg((a, save) => {
      call(a, NR.read, 0, BAD, 4); save(0); // a bad buffer consumes nothing
      call(a, NR.read, 0, BUF, 5); save(1);
      call(a, NR.read, 0, BUF + 5, 100); save(2);
      call(a, NR.read, 0, BUF + 20, 100); save(3);
      call(a, NR.read, 1, BUF, 1); save(4);
      call(a, NR.write, 2, BUF, 11); save(5);
    }), { stdin: new TextEncoder().encode('hello world') });
    expect(res).toEqual([EFAULT, 5, 6, 0, EBADF, 11]);
    expect(text(h.out(p.pid, 2))).toBe('hello world');
    expect(h.k.stdinPos).toBe(11);
  });

  it('reads 0 when the kernel has no stdin', () => {
    const { res } = run(sysProg((a, save) => { call(a, NR.read, 0, BUF, 10); save(0); }));
    expect(res).toEqual([0]);
  });
});

describe('brk', () => {
  it('grows and shrinks the heap; shrunk pages are discarded and come back as zeros', () => {
    const { p, res, h } = run(sysProg((a, save) => {
      call(a, NR.brk, 0); save(0); a.mv('s0', 'a0');
      a.li('t0', 3 * 4096 + 100).add('a0', 's0', 't0');
      syscall(a, NR.brk); save(1);
      a.li('t1', 0x1234abcd);
      a.sw('t1', 0, 's0'); // page 0
      a.li('t0', 2 * 4096).add('t2', 's0', 't0').sw('t1', 0, 't2'); // page 2
      a.li('t0', 3 * 4096 + 96).add('t2', 's0', 't0').sw('t1', 0, 't2'); // last word below the break
      a.li('t0', 4096 + 8).add('a0', 's0', 't0');
      syscall(a, NR.brk); save(2); // shrink: pages 2 and 3 go
      a.li('t0', 3 * 4096).add('a0', 's0', 't0');
      syscall(a, NR.brk); save(3); // grow again
      a.li('t0', 2 * 4096).add('t2', 's0', 't0').lw('a0', 0, 't2'); save(4);
      a.lw('a0', 0, 's0'); save(5); // page 0 kept its data
      a.li('t0', -4096).add('a0', 's0', 't0');
      syscall(a, NR.brk); save(6); // below the start: refused, returns the current break
      a.mv('a0', 's0'); syscall(a, NR.brk); save(7); // back to the start
      call(a, NR.brk, 0); save(8);
    }), { frames: 4 }); // tiny memory: heap pages go through swap on the way
    const start = DATA + 4 * 4096; // end of the image, page-aligned
    expect(res).toEqual([
      start, start + 3 * 4096 + 100, start + 4096 + 8, start + 3 * 4096,
      0, // page 2 was discarded by the shrink: zero again
      0x1234abcd, // page 0 kept its data
      start + 3 * 4096, start, start,
    ]);
    expect(p.exitCode).toBe(0);
    expect(h.k.swap.used).toBe(0);
  });

  it('kills an access above the break with SIGSEGV', () => {
    const { h, p } = run(sysProg((a) => {
      call(a, NR.brk, 0); a.mv('s0', 'a0');
      a.li('t0', 4096).add('a0', 's0', 't0'); syscall(a, NR.brk);
      a.sw('s0', 0, 's0'); // fine: first heap page
      a.li('t0', 4096).add('t2', 's0', 't0').sw('s0', 0, 't2'); // the break itself: not mapped
    }));
    expect(p.exitCode).toBe(139);
    expect(h.eventsOf('kill')[0]!.message).toMatch(new RegExp(`store at 0x${(DATA + 5 * 4096).toString(16).padStart(8, '0')} \\(unmapped\\)`));
  });
});

describe('mmap, munmap, mprotect', () => {
  const RW = PROT.READ | PROT.WRITE, ANON = MAP.PRIVATE | MAP.ANONYMOUS;

  it('places anonymous mappings top-down below the stack and reuses unmapped space', () => {
    const { res } = run(sysProg((a, save) => {
      call(a, NR.mmap, 0, 2 * 4096, RW, ANON, -1, 0); save(0); a.mv('s0', 'a0');
      call(a, NR.mmap, 0, 4096, RW, ANON, -1, 0); save(1); a.mv('s1', 'a0');
      a.li('t1', 77).sw('t1', 0, 's0').li('t0', 4096).add('t2', 's0', 't0').sw('t1', 4, 't2').sw('t1', 8, 's1');
      a.lw('a0', 0, 's0'); save(2);
      a.li('t0', 4096).add('t2', 's0', 't0').lw('a0', 4, 't2'); save(3);
      a.lw('a0', 8, 's1'); save(4);
      call(a, NR.munmap, 's0', 2 * 4096); save(5);
      call(a, NR.mmap, 0, 4096, RW, ANON, -1, 0); save(6); a.mv('s2', 'a0');
      a.lw('a0', 0, 's2'); save(7); // fresh: zero
    }));
    expect(res[0]! >>> 0).toBe((MMAP_TOP - 2) * 4096);
    expect(res[1]! >>> 0).toBe((MMAP_TOP - 3) * 4096);
    expect(res.slice(2, 6)).toEqual([77, 77, 77, 0]);
    expect(res[6]! >>> 0).toBe((MMAP_TOP - 1) * 4096); // the top page is free again
    expect(res[7]).toBe(0);
  });

  it('MAP_FIXED maps exactly there and replaces what was mapped', () => {
    const FIX = 0x4000_0000;
    const { res } = run(sysProg((a, save) => {
      call(a, NR.mmap, FIX, 4096, RW, ANON | MAP.FIXED, -1, 0); save(0);
      a.li('s0', FIX).li('t1', 99).sw('t1', 0, 's0');
      a.lw('a0', 0, 's0'); save(1);
      call(a, NR.mmap, FIX, 4096, RW, ANON | MAP.FIXED, -1, 0); save(2);
      a.lw('a0', 0, 's0'); save(3); // the new mapping is zero-filled
    }));
    expect(res.map((v) => v >>> 0)).toEqual([FIX, 99, FIX, 0]);
  });

  it('rejects bad mmap/munmap/mprotect arguments with Linux errors', () => {
    const { res } = run(sysProg((a, save) => {
      call(a, NR.mmap, 0, 0, RW, ANON, -1, 0); save(0); // zero length
      call(a, NR.mmap, 0, 4096, RW, MAP.PRIVATE, 3, 0); save(1); // file mapping: bad fd
      call(a, NR.mmap, 0, 4096, RW, MAP.ANONYMOUS, -1, 0); save(2); // neither shared nor private
      call(a, NR.mmap, 0x4000_0010, 4096, RW, ANON | MAP.FIXED, -1, 0); save(3); // unaligned fixed
      call(a, NR.munmap, 0x4000_0010, 4096); save(4);
      call(a, NR.munmap, 0x4000_0000, 0); save(5);
      call(a, NR.mprotect, 0x4000_0010, 4096, PROT.READ); save(6);
      call(a, NR.mprotect, 0x4000_0000, 4096, PROT.READ); save(7); // nothing mapped there
    }));
    expect(res).toEqual([EINVAL, EBADF, EINVAL, EINVAL, EINVAL, EINVAL, EINVAL, ENOMEM]);
  });

  it('kills an access to an unmapped region with SIGSEGV', () => {
    const { h, p } = run(sysProg((a) => {
      call(a, NR.mmap, 0, 4096, RW, ANON, -1, 0); a.mv('s0', 'a0');
      a.sw('s0', 0, 's0');
      call(a, NR.munmap, 's0', 4096);
      a.lw('t0', 0, 's0');
    }));
    expect(p.exitCode).toBe(139);
    expect(h.eventsOf('kill')[0]!.message).toMatch(new RegExp(`load at 0x${((MMAP_TOP - 1) * 4096).toString(16)} \\(unmapped\\)`));
  });

  it('mprotect: read-only keeps data, PROT_NONE and back to RW keeps it too', () => {
    const { res } = run(sysProg((a, save) => {
      call(a, NR.mmap, 0, 4096, RW, ANON, -1, 0); a.mv('s0', 'a0');
      a.li('t1', 0x5151).sw('t1', 0, 's0');
      call(a, NR.mprotect, 's0', 4096, PROT.READ); save(0);
      a.lw('a0', 0, 's0'); save(1);
      call(a, NR.mprotect, 's0', 4096, PROT.NONE); save(2);
      call(a, NR.mprotect, 's0', 4096, RW); save(3);
      a.lw('a0', 0, 's0'); save(4);
      a.li('t1', 0x6262).sw('t1', 0, 's0').lw('a0', 0, 's0'); save(5);
    }));
    expect(res).toEqual([0, 0x5151, 0, 0, 0x5151, 0x6262]);
  });

  it('kills a store after mprotect(PROT_READ), and any access after PROT_NONE', () => {
    const ro = run(sysProg((a) => {
      call(a, NR.mmap, 0, 4096, RW, ANON, -1, 0); a.mv('s0', 'a0');
      call(a, NR.mprotect, 's0', 4096, PROT.READ);
      a.sw('s0', 0, 's0');
    }));
    expect(ro.p.exitCode).toBe(139);
    expect(ro.h.eventsOf('kill')[0]!.message).toMatch(/store at 0x[0-9a-f]{8} \(not permitted\)/);
    const none = run(sysProg((a) => {
      call(a, NR.mmap, 0, 4096, RW, ANON, -1, 0); a.mv('s0', 'a0');
      a.sw('s0', 0, 's0'); // resident and dirty
      call(a, NR.mprotect, 's0', 4096, PROT.NONE);
      a.lw('t0', 0, 's0');
    }));
    expect(none.p.exitCode).toBe(139);
    expect(none.h.eventsOf('kill')[0]!.message).toMatch(/load at 0x[0-9a-f]{8} \(not permitted\)/);
  });

  it('runs code written into a mapping after mprotect(PROT_READ | PROT_EXEC)', () => {
    // the guest copies "li a0, 7; li a7, 94; ecall" into an anonymous page, makes it executable, jumps
    const code = [0x00700513, 0x05e00893, 0x00000073];
    const h = boot({ frames: 8 });
    const p = h.spawn(program((a) => {
      call(a, NR.mmap, 0, 4096, RW, ANON, -1, 0); a.mv('s0', 'a0');
      code.forEach((w, i) => a.li('t1', w | 0).sw('t1', 4 * i, 's0'));
      a.jr('s0'); // not executable yet: must fault
    }));
    h.runAll();
    expect(p.exitCode).toBe(139);
    expect(h.eventsOf('kill')[0]!.message).toMatch(/fetch at 0x[0-9a-f]{8} \(not permitted\)/);
    const q = h.spawn(program((a) => {
      call(a, NR.mmap, 0, 4096, RW, ANON, -1, 0); a.mv('s0', 'a0');
      code.forEach((w, i) => a.li('t1', w | 0).sw('t1', 4 * i, 's0'));
      call(a, NR.mprotect, 's0', 4096, PROT.READ | PROT.EXEC);
      a.jr('s0');
    }));
    h.runAll();
    expect(q.exitCode).toBe(7);
  });

  it('keeps the data of a PROT_NONE page that is evicted while it has no PTE', () => {
    // 4 frames: write a page, withdraw it, churn through 8 other pages, restore it, read it
    const { res, p } = run(sysProg((a, save) => {
      call(a, NR.mmap, 0, 4096, RW, ANON, -1, 0); a.mv('s0', 'a0');
      a.li('t1', 0x7a7a).sw('t1', 0, 's0');
      call(a, NR.mprotect, 's0', 4096, PROT.NONE); save(0);
      for (let i = 0; i < 8; i++) a.li('t0', DATA2 + i * 4096).sw('t0', 0, 't0');
      call(a, NR.mprotect, 's0', 4096, RW); save(1);
      a.lw('a0', 0, 's0'); save(2);
    }, [{ vaddr: DATA2, memsz: 8 * 4096 }]), { frames: 4 });
    expect(p.stats.swapOuts).toBeGreaterThan(0);
    expect(res).toEqual([0, 0, 0x7a7a]);
  });
});

describe('process and system information', () => {
  it('getpid returns the pid; sched_yield returns 0', () => {
    const h = boot({ frames: 32 });
    const prog = sysProg((a, save) => {
      syscall(a, NR.getpid); save(0);
      syscall(a, NR.sched_yield); save(1);
    });
    const p1 = h.spawn(prog), p2 = h.spawn(prog);
    h.runAll();
    expect(words(h.out(p1.pid))).toEqual([1, 0]);
    expect(words(h.out(p2.pid))).toEqual([2, 0]);
  });

  it('uname says Linux on riscv32', () => {
    const { h, p, res } = run(sysProg((a, save) => {
      call(a, NR.uname, BUF); save(0);
      call(a, NR.write, 2, BUF, 65 * 6); save(1);
      call(a, NR.uname, BAD); save(2);
    }));
    expect(res).toEqual([0, 390, EFAULT]);
    const b = h.out(p.pid, 2);
    const field = (i: number): string => text(b.subarray(65 * i, 65 * i + 65)).replace(/\0.*$/s, '');
    expect(field(0)).toBe('Linux');
    expect(field(4)).toBe('riscv32');
    expect(b[64]).toBe(0); // NUL-terminated fields
  });

  it('an unknown system call is -ENOSYS and an event', () => {
    const { h, res, p } = run(sysProg((a, save) => { syscall(a, 9999); save(0); syscall(a, 435); save(1); }));
    expect(res).toEqual([ENOSYS, ENOSYS]);
    expect(h.eventsOf('enosys').map((e) => [e.pid, e.name, e.syscall])).toEqual([[p.pid, 'sys', 9999], [p.pid, 'sys', 435]]);
  });

  it('exit (93) ends the process like exit_group', () => {
    const h = boot({ frames: 8 });
    const p = h.spawn(program((a) => { a.li('a0', 42); syscall(a, NR.exit); }));
    h.runAll();
    expect(p.exitCode).toBe(42);
  });
});

describe('clock_gettime64', () => {
  // clock_gettime64(CLOCK_MONOTONIC, BUF) then at once write(1, BUF, 16): the kernel's now() at
  // the write must be just after the time the clock returned
  const clockProg = sysProg((a, save) => {
    a.li('t0', BUF).sw('zero', 0, 't0').sw('zero', 0, 's11'); // fault the buffer and results pages in first
    call(a, NR.clock_gettime64, 1, BUF); save(0);
    call(a, NR.write, 1, BUF, 16);
    a.li('t0', 5000).label('w').addi('t0', 't0', -1).bnez('t0', 'w');
    call(a, NR.clock_gettime64, 0, BUF + 16); save(1);
    call(a, NR.write, 1, BUF + 16, 16);
    call(a, NR.clock_gettime64, 99, BUF); save(2);
    call(a, NR.clock_gettime64, 1, BAD); save(3);
  });
  const ns = (b: Uint8Array): number => {
    const dv = new DataView(b.buffer, b.byteOffset);
    return (dv.getUint32(0, true) + dv.getUint32(4, true) * 2 ** 32) * 1e9 + dv.getUint32(8, true);
  };

  it('returns virtual time consistent with Kernel.now(), and Linux errors', () => {
    const { h, p, res } = run(clockProg);
    expect(res).toEqual([0, 0, EINVAL, EFAULT]);
    const [c1, c2] = h.chunks.filter((c) => c.pid === p.pid);
    const t1 = ns(c1!.bytes), t2 = ns(c2!.bytes);
    // the write that follows costs its li's, ecall and syscall charge: a few hundred cycles
    expect(t1).toBeLessThan(c1!.now);
    expect(c1!.now - t1).toBeLessThanOrEqual(COST.syscall + 20);
    expect(t2 - t1).toBeGreaterThanOrEqual(2 * 5000);
    expect(c2!.now - t2).toBeLessThanOrEqual(COST.syscall + 20);
    expect(t1).toBeGreaterThan(2 * COST.minorFault); // the stack and text faults came first
  });

  it('gives identical times in two identical runs', () => {
    const times = (): number[] => {
      const { h, p } = run(clockProg);
      return h.chunks.filter((c) => c.pid === p.pid).slice(0, 2).map((c) => ns(c.bytes));
    };
    expect(times()).toEqual(times());
  });
});

describe('getrandom', () => {
  const rnd = sysProg((a, save) => {
    call(a, NR.getrandom, BUF, 32, 0); save(0);
    call(a, NR.write, 2, BUF, 32);
    call(a, NR.getrandom, BAD, 8, 0); save(1);
  });
  const bytesFor = (seed: number): { res: number[]; b: number[] } => {
    const { h, p, res } = run(rnd, { seed });
    return { res, b: Array.from(h.out(p.pid, 2)) };
  };

  it('fills the buffer deterministically for a seed, differently for another seed', () => {
    const a = bytesFor(7), again = bytesFor(7), other = bytesFor(8);
    expect(a.res).toEqual([32, EFAULT]);
    expect(a.b.length).toBe(32);
    expect(again.b).toEqual(a.b);
    expect(other.b).not.toEqual(a.b);
    expect(new Set(a.b).size).toBeGreaterThan(16); // not a constant fill
  });
});
