// A workload on the kernel (demand paging, CLOCK, ample memory): the cost of the whole stack
// against the same ELF on qemu-riscv32.

import { readFileSync } from 'node:fs';
import { parseElf } from '../src/machine/hw/elf.js';
import { Kernel } from '../src/machine/kernel/kernel.js';
import { findBuiltin } from '../src/services/builtin/index.js';
import type { ReplacementPolicy } from '../src/services/protocol.js';
import { makePorts } from '../src/session/ports.js';
import { findWorkload } from '../src/workloads/registry.js';

/** Runs `name` with default arguments on a kernel with 16384 frames; returns instructions and seconds. */
export function measureKernel(name: string): { instructions: number; seconds: number } {
  const w = findWorkload(name)!;
  const img = parseElf(new Uint8Array(readFileSync(w.file)));
  if (!img.ok) throw new Error('bad elf');
  const k = new Kernel({ frames: 16384, seed: 1, ports: makePorts(() => findBuiltin('clock') as ReplacementPolicy<any>) });
  const s = k.spawn(img.value, [name, ...w.defaultArgs], 'clock');
  if (!s.ok) throw new Error(s.message);
  const t0 = performance.now();
  while (k.run(10_000_000) !== 'idle');
  const seconds = (performance.now() - t0) / 1000;
  if (k.procs[0]!.exitCode !== 0) throw new Error(`${name} exited ${k.procs[0]!.exitCode}`);
  return { instructions: k.machine.cpu.instret, seconds };
}
