// The virtual-time cost model: its constants and what they promise (1 cycle = 1 ns, I/O costs
// dominate trap costs), the default scheduler quantum being QUANTUM, and clock_gettime splitting
// virtual cycles into seconds and nanoseconds by CYCLES_PER_SECOND.
import { describe, expect, it } from 'vitest';
import { COST, CYCLES_PER_SECOND, QUANTUM } from '../../../src/machine/kernel/cost.js';
import { DATA, NR, exit, program, spin, syscall } from '../../helpers/guest.js';
import { boot } from './harness.js';

describe('cost model constants', () => {
  it('counts one cycle as one nanosecond', () => {
    expect(CYCLES_PER_SECOND).toBe(1_000_000_000);
  });

  it('charges whole, positive cycle counts (virtual time stays an exact integer)', () => {
    for (const [name, c] of Object.entries(COST)) {
      expect(Number.isSafeInteger(c) && c > 0, name).toBe(true);
    }
    expect(Number.isSafeInteger(QUANTUM) && QUANTUM > 0).toBe(true);
  });

  it('orders the costs as their descriptions say: I/O above traps, traps above a walk', () => {
    // a major fault includes the swap read, so it costs at least a minor fault and a prefetch read
    expect(COST.majorFault).toBeGreaterThanOrEqual(COST.minorFault);
    expect(COST.majorFault).toBeGreaterThanOrEqual(COST.prefetch);
    expect(COST.swapWrite).toBeGreaterThan(COST.minorFault);
    expect(COST.prefetch).toBeGreaterThan(COST.minorFault);
    expect(COST.minorFault).toBeGreaterThan(COST.syscall);
    expect(COST.syscall).toBeGreaterThan(COST.tlbWalk);
  });
});

describe('cost model in the kernel', () => {
  it('preempts after exactly QUANTUM instructions when no quantum is configured', () => {
    const h = boot({ frames: 16 });
    const p1 = h.spawn(program((a) => { spin(a); }), 'one');
    const p2 = h.spawn(program((a) => { spin(a); }), 'two');
    expect(h.k.run(QUANTUM + 50)).toBe('budget');
    expect(p1.stats.instructions).toBe(QUANTUM);
    expect(p2.stats.instructions).toBe(50);
    h.k.run(QUANTUM);
    expect(p1.stats.instructions).toBe(QUANTUM + 50);
    expect(p2.stats.instructions).toBe(QUANTUM);
  });

  it('clock_gettime splits virtual cycles into seconds and nanoseconds', () => {
    const h = boot({ frames: 16 });
    const p = h.spawn(program((a) => {
      a.li('t0', DATA).sw('zero', 0, 't0'); // fault the buffer in first
      a.li('a0', 1).li('a1', DATA);
      syscall(a, NR.clock_gettime64);
      a.li('a0', 1).li('a1', DATA).li('a2', 16);
      syscall(a, NR.write);
      exit(a, 0);
    }, [{ vaddr: DATA, memsz: 4096 }]));
    h.k.machine.cpu.stall += 3 * CYCLES_PER_SECOND + 250_000_000; // 3.25 s of virtual time passed
    h.runAll();
    expect(p.exitCode).toBe(0);
    const c = h.chunks.find((x) => x.pid === p.pid)!;
    const dv = new DataView(c.bytes.buffer, c.bytes.byteOffset, 16);
    const sec = dv.getUint32(0, true) + dv.getUint32(4, true) * 2 ** 32;
    const nsec = dv.getUint32(8, true);
    expect(sec).toBe(3);
    expect(nsec).toBeGreaterThanOrEqual(250_000_000);
    expect(nsec).toBeLessThan(CYCLES_PER_SECOND);
    // the call happened before the write that reports it, by about one system call
    const t = sec * CYCLES_PER_SECOND + nsec;
    expect(t).toBeLessThan(c.now);
    expect(c.now - t).toBeLessThanOrEqual(COST.syscall + 20);
  });
});
