// What a bare `milklab` (and `npm start`) does until the terminal UI lands: runs the default
// workload on the machine with Sv32 paging, shows its output and the machine's figures.

import { readFileSync } from 'node:fs';
import { parseElf } from '../machine/hw/elf.js';
import { createFlat, type FlatResult } from '../machine/flat.js';
import { findWorkload } from '../workloads/registry.js';

/** Runs `sieve` headless and prints instructions, MIPS and TLB figures. */
export function startCommand(out: (line: string) => void): number {
  const w = findWorkload('sieve')!;
  const img = parseElf(new Uint8Array(readFileSync(w.file)));
  if (!img.ok) throw new Error(`${w.file}: corrupt built-in workload`);
  out(`milklab: running workload '${w.name}' on an emulated RV32IM hart with Sv32 paging`);
  out(`  ${w.description}`);
  const dec = new TextDecoder();
  const flat = createFlat(img.value, { paging: true, argv: [w.name, ...w.defaultArgs], onWrite: (_fd, b) => process.stdout.write(dec.decode(b)) });
  const t0 = performance.now();
  let r: FlatResult | null = null;
  while (!r) r = flat.step(10_000_000);
  const s = (performance.now() - t0) / 1000;
  const tlb = flat.machine.cpu.tlbStats();
  out('');
  out(`instructions  ${r.instructions.toLocaleString('en-US')}`);
  out(`host time     ${s.toFixed(2)} s  (${(r.instructions / s / 1e6).toFixed(0)} MIPS)`);
  out(`TLB walks     fetch ${tlb.fetch.misses}, load ${tlb.load.misses}, store ${tlb.store.misses} (of ${(tlb.load.accesses + tlb.store.accesses).toLocaleString('en-US')} data accesses)`);
  out(`exit          ${r.kind === 'exit' ? `status ${r.code}` : r.kind}`);
  out('');
  out(`more: 'milklab help', 'milklab workloads', 'npm run bench'`);
  return r.kind === 'exit' ? r.code : 1;
}
