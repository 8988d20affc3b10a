// Host MIPS of the emulated machine on the built-in workloads: paging off (satp bare), Sv32
// paging on (every page mapped, 4 KiB leaves), and the TLB-miss-heavy strided scan.

import { readFileSync } from 'node:fs';
import { parseElf } from '../src/machine/hw/elf.js';
import { runFlat } from '../src/machine/flat.js';
import { findWorkload } from '../src/workloads/registry.js';

export interface MipsSample {
  workload: string;
  mode: 'bare' | 'sv32';
  instructions: number;
  seconds: number;
  mips: number;
  tlbMisses: number;
}

/** Runs workload `name` with its default arguments once; returns its speed. */
export function measure(name: string, mode: 'bare' | 'sv32', args?: string[]): MipsSample {
  const w = findWorkload(name);
  if (!w) throw new Error(`unknown workload ${name}`);
  const img = parseElf(new Uint8Array(readFileSync(w.file)));
  if (!img.ok) throw new Error(`${w.file}: bad ELF`);
  const t0 = performance.now();
  const r = runFlat(img.value, { paging: mode === 'sv32', argv: [name, ...(args ?? w.defaultArgs)] });
  const seconds = (performance.now() - t0) / 1000;
  if (r.kind !== 'exit' || r.code !== 0) throw new Error(`${name} (${mode}) did not exit cleanly: ${JSON.stringify(r)}`);
  return { workload: name, mode, instructions: r.instructions, seconds, mips: r.instructions / seconds / 1e6, tlbMisses: r.tlbMisses };
}

/** Median of a non-empty list. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
