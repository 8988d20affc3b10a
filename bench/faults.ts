// Host cost of page faults on the kernel: each fault's handling time (trap to retry, the policy
// service call included) as p50/p99, and faults handled per second over a fault-heavy run.

import { readFileSync } from 'node:fs';
import { parseElf } from '../src/machine/hw/elf.js';
import { Kernel } from '../src/machine/kernel/kernel.js';
import { makePorts } from '../src/session/ports.js';
import { findBuiltin } from '../src/services/builtin/index.js';
import type { ReplacementPolicy } from '../src/services/protocol.js';
import { findWorkload } from '../src/workloads/registry.js';

export interface FaultCost {
  workload: string;
  policy: string;
  frames: number;
  faults: number;
  p50us: number;
  p99us: number;
  faultsPerSecond: number;
  wallSeconds: number;
  mips: number;
}

/** Runs `workload` under `policy` with `frames` frames, timing every fault the pager serves. */
export function measureFaults(workload: string, args: string[], policy: string, frames: number): FaultCost {
  const w = findWorkload(workload)!;
  const img = parseElf(new Uint8Array(readFileSync(w.file)));
  if (!img.ok) throw new Error('bad elf');
  const pol = findBuiltin(policy) as ReplacementPolicy<any>;
  const k = new Kernel({ frames, seed: 1, ports: makePorts(() => pol) });
  const samples: number[] = [];
  const orig = k.pager.fault.bind(k.pager);
  k.pager.fault = (p, va, access) => {
    const t0 = performance.now();
    const r = orig(p, va, access);
    samples.push(performance.now() - t0);
    return r;
  };
  const r = k.spawn(img.value, [workload, ...args], policy);
  if (!r.ok) throw new Error(r.message);
  const t0 = performance.now();
  while (k.run(10_000_000) !== 'idle');
  const wall = (performance.now() - t0) / 1000;
  samples.sort((a, b) => a - b);
  const q = (f: number): number => samples[Math.min(samples.length - 1, Math.floor(f * samples.length))]! * 1000;
  return {
    workload, policy, frames, faults: samples.length, p50us: q(0.5), p99us: q(0.99),
    faultsPerSecond: samples.length / wall, wallSeconds: wall, mips: k.machine.cpu.instret / wall / 1e6,
  };
}
