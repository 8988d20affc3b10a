// Process records: newStats() gives fresh, zeroed, unshared counters, and the kernel creates
// processes in the documented initial state (ready, no frames, zero stats, own registers).
import { describe, expect, it } from 'vitest';
import { newStats, type ProcessStats } from '../../../src/machine/kernel/process.js';
import { TEXT, exit, program, spin } from '../../helpers/guest.js';
import { boot } from './harness.js';

const FIELDS: (keyof ProcessStats)[] = [
  'instructions', 'minorFaults', 'majorFaults', 'syscalls', 'evictions', 'swapIns', 'swapOuts', 'prefetched',
];

describe('newStats', () => {
  it('has every counter, each zero, and nothing else', () => {
    const s = newStats();
    expect(Object.keys(s).sort()).toEqual([...FIELDS].sort());
    for (const f of FIELDS) expect(s[f], f).toBe(0);
  });

  it('returns a new object each time (no counters shared between processes)', () => {
    const a = newStats(), b = newStats();
    expect(a).not.toBe(b);
    a.instructions = 5;
    a.majorFaults++;
    expect(b).toEqual(newStats());
    expect(newStats().instructions).toBe(0);
  });
});

describe('processes the kernel creates', () => {
  it('start ready, at the entry point, with only the initial stack page in, and the whole memory as quota', () => {
    const h = boot({ frames: 16 });
    const p = h.spawn(program((a) => { spin(a); }), 'spinner', ['spinner', 'x']);
    expect(p.pid).toBe(1);
    expect(p.name).toBe('spinner');
    expect(p.state).toBe('ready');
    expect(p.exitCode).toBe(0);
    expect(p.signal).toBeUndefined();
    expect(p.pc).toBe(TEXT);
    expect(p.regs).toHaveLength(32);
    expect(p.regs[2]).not.toBe(0); // sp points at the initial stack
    expect(p.quota).toBe(16);
    // the kernel writing the initial stack at spawn is the one fault so far (a minor one)
    expect(p.stats).toEqual({ ...newStats(), minorFaults: 1 });
    expect([p.lastFaults, p.lastInstructions, p.faultStreak]).toEqual([0, 0, 0]);
    expect(p.resident).toHaveLength(1);
  });

  it('keep separate statistics and registers', () => {
    const h = boot({ frames: 16 });
    const p1 = h.spawn(program((a) => exit(a, 1)));
    const p2 = h.spawn(program((a) => { a.nop().nop().nop(); exit(a, 2); }));
    expect(p1.stats).not.toBe(p2.stats);
    expect(p1.regs).not.toBe(p2.regs);
    h.runAll();
    expect([p1.exitCode, p2.exitCode]).toEqual([1, 2]);
    expect([p1.state, p2.state]).toEqual(['exited', 'exited']);
    expect(p2.stats.instructions - p1.stats.instructions).toBe(3);
    expect([p1.stats.syscalls, p2.stats.syscalls]).toEqual([1, 1]);
  });
});
