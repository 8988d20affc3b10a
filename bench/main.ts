// `npm run bench`: speed of the emulated machine, measured, never asserted in tests.
// Prints a table; `--json` prints one JSON object instead (mips.sv32 = median MIPS, paging on).
// Options: --reps N (default 3), --quick (1 rep, fewer workloads).

import os from 'node:os';
import { findWorkload } from '../src/workloads/registry.js';
import { measure, median, type MipsSample } from './mips.js';
import { findQemu, runQemu } from './qemu.js';
import { measureFaults, type FaultCost } from './faults.js';
import { measureKernel } from './kernel.js';
import { measureIsolatedSwapPauses, measureIsolationSlowdown, measureSaveToServing, measureSwaps } from './live.js';
import { measureIsolation } from './isolation.js';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { measureUi, type UiBench } from './ui.js';

const argv = process.argv.slice(2);
if (argv.includes('--ui-only')) {
  // the UI figures in a process of their own, as `milklab` runs: not after the other benches' heaps and threads
  process.stdout.write(JSON.stringify(await measureUi()) + '\n');
  process.exit(0);
}
const json = argv.includes('--json');
const quick = argv.includes('--quick');
const repsArg = argv.indexOf('--reps');
const reps = repsArg >= 0 ? Number(argv[repsArg + 1]) : quick ? 1 : 3;
if (!Number.isInteger(reps) || reps < 1) {
  process.stderr.write(`bench: --reps needs a positive integer\n`);
  process.exit(2);
}

const COMPUTE = quick ? ['sieve', 'crc', 'matmul'] : ['sieve', 'crc', 'sort', 'matmul', 'matmul-tiled', 'ptrchase'];
const TLB_HEAVY = 'stride';
const log = (s: string): void => { if (!json) process.stdout.write(s + '\n'); };

function best(name: string, mode: 'bare' | 'sv32'): MipsSample {
  const samples = Array.from({ length: reps }, () => measure(name, mode));
  const mips = median(samples.map((s) => s.mips));
  return { ...samples[0]!, mips, seconds: median(samples.map((s) => s.seconds)) };
}

const qemu = findQemu();
const rows: { workload: string; instructions: number; bare: number; sv32: number; tlbMisses: number; qemuSeconds?: number; ratio?: number }[] = [];
log(`milklab bench — ${new Date().toISOString().slice(0, 10)}, ${os.cpus()[0]?.model ?? 'cpu'} x${os.cpus().length}, node ${process.version}, ${reps} rep(s), median`);
log('');
log('workload        instructions   bare MIPS  sv32 MIPS  TLB walks   qemu s   milklab/qemu time');
for (const name of [...COMPUTE, TLB_HEAVY]) {
  const bare = best(name, 'bare');
  const sv = best(name, 'sv32');
  const row: (typeof rows)[number] = { workload: name, instructions: sv.instructions, bare: bare.mips, sv32: sv.mips, tlbMisses: sv.tlbMisses };
  if (qemu) {
    const w = findWorkload(name)!;
    const q = median(Array.from({ length: reps }, () => runQemu(qemu, w.file, [name, ...w.defaultArgs]).seconds));
    row.qemuSeconds = q;
    row.ratio = sv.seconds / q;
  }
  rows.push(row);
  log(`${name.padEnd(15)} ${String(row.instructions).padStart(12)} ${row.bare.toFixed(1).padStart(10)} ${row.sv32.toFixed(1).padStart(10)} ${String(row.tlbMisses).padStart(10)} ${row.qemuSeconds?.toFixed(3).padStart(8) ?? '     n/a'} ${row.ratio ? row.ratio.toFixed(2).padStart(10) + 'x' : '        n/a'}`);
}
log('');
log('on the kernel (demand paging, clock policy, ample memory) vs qemu-riscv32, same ELF and arguments');
log('workload        instructions  kernel MIPS   qemu s   milklab/qemu time');
const kernelRows: { workload: string; instructions: number; mips: number; seconds: number; qemuSeconds?: number; ratio?: number }[] = [];
for (const name of COMPUTE) {
  const ks = Array.from({ length: reps }, () => measureKernel(name));
  const seconds = median(ks.map((k) => k.seconds));
  const row: (typeof kernelRows)[number] = { workload: name, instructions: ks[0]!.instructions, mips: ks[0]!.instructions / seconds / 1e6, seconds };
  const q = rows.find((r) => r.workload === name)?.qemuSeconds;
  if (q) { row.qemuSeconds = q; row.ratio = seconds / q; }
  kernelRows.push(row);
  log(`${name.padEnd(15)} ${String(row.instructions).padStart(12)} ${row.mips.toFixed(1).padStart(11)} ${row.qemuSeconds?.toFixed(3).padStart(8) ?? '     n/a'} ${row.ratio ? row.ratio.toFixed(2).padStart(10) + 'x' : '        n/a'}`);
}
log('');
log('page-fault cost on the kernel (host time per fault served, policy call included)');
log('workload   policy  frames     faults   p50 us   p99 us   faults/s   MIPS');
const faultRows: FaultCost[] = [];
for (const [w, args, pol, frames] of [['loop', ['256', '20'], 'fifo', 240], ['random', [], 'clock', 1024], ['sieve', [], 'clock', 300]] as const) {
  const f = measureFaults(w, [...args], pol, frames);
  faultRows.push(f);
  log(`${w.padEnd(10)} ${pol.padEnd(7)} ${String(frames).padStart(6)} ${String(f.faults).padStart(10)} ${f.p50us.toFixed(1).padStart(8)} ${f.p99us.toFixed(1).padStart(8)} ${Math.round(f.faultsPerSecond).toString().padStart(10)} ${f.mips.toFixed(1).padStart(6)}`);
}
log('');
log('live update');
const swapsM = await measureSwaps(1000);
log(`swap pause (machine stopped between two decisions, 1024 resident pages): p50 ${swapsM.p50Us.toFixed(0)} us, p99 ${swapsM.p99Us.toFixed(0)} us`);
log(`heap retained after 1000 swaps: ${swapsM.retainedMiB.toFixed(2)} MiB`);
const save = await measureSaveToServing(quick ? 6 : 15);
log(`save-to-serving (file written -> new version answering faults): p50 ${save.p50Ms.toFixed(0)} ms, p99 ${save.p99Ms.toFixed(0)} ms`);
const isoSwaps = await measureIsolatedSwapPauses(quick ? 8 : 20);
log(`swap pause to an isolated version rebuilt from ${isoSwaps.resident} resident pages (thrashing loop, 200-instruction chunks): p50 ${isoSwaps.p50Us.toFixed(0)} us, p99 ${isoSwaps.p99Us.toFixed(0)} us; same statistic with no update: p50 ${isoSwaps.controlP50Us.toFixed(0)} us, p99 ${isoSwaps.controlP99Us.toFixed(0)} us; the switch itself p50 ${isoSwaps.switchP50Us.toFixed(0)} us`);
log(`longest stall of the machine during a whole update (save to serving): p50 ${(isoSwaps.stallP50Us / 1000).toFixed(1)} ms, p99 ${(isoSwaps.stallP99Us / 1000).toFixed(1)} ms`);
const slowdown = await measureIsolationSlowdown(quick ? 5_000_000 : 20_000_000, quick ? 1 : 3);
log(`fault-heavy workload (${slowdown.faults} faults): in-process FIFO ${slowdown.inProcessMips.toFixed(1)} MIPS, isolated FIFO ${slowdown.isolatedMips.toFixed(1)} MIPS = ${slowdown.ratio.toFixed(2)}x slower`);
const iso = await measureIsolation();
log(`fault decision round trip through isolation: p50 ${iso.p50Us.toFixed(1)} us, p99 ${iso.p99Us.toFixed(1)} us (in-process p50 ${iso.inProcessP50Us.toFixed(2)} us; worker asleep p50 ${iso.idleP50Us.toFixed(1)} us)`);
log('');
log('terminal UI (default lab, 100x30; a process of its own, React production build, as milklab runs)');
const uiRun = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--ui-only'], { encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } });
if (uiRun.status !== 0) throw new Error(`the UI bench failed: ${uiRun.stderr.trim().split('\n').at(-1) ?? ''}`);
const ui = JSON.parse(uiRun.stdout.split('\n').find((l) => l.startsWith('{')) ?? 'null') as UiBench;
log(`machine with the UI open: ${ui.uiMips.toFixed(1)} MIPS vs ${ui.headlessMips.toFixed(1)} headless = ${(ui.ratio * 100).toFixed(0)}% (median of 3 pairs); ${ui.fps.toFixed(1)} frames/s; first frame ${ui.firstFrameMs.toFixed(0)} ms after startTui`);
const compute = rows.filter((r) => r.workload !== TLB_HEAVY);
const heavy = rows.find((r) => r.workload === TLB_HEAVY)!;
const result = {
  date: new Date().toISOString(),
  machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.arch()}` },
  reps,
  mips: {
    bare: median(compute.map((r) => r.bare)),
    sv32: median(compute.map((r) => r.sv32)),
    tlbHeavy: heavy.sv32,
    tlbHeavyBare: heavy.bare,
  },
  qemu: qemu ? { ratio: median(compute.map((r) => r.ratio!)), note: 'milklab Sv32 in-process seconds / qemu-riscv32 whole-process seconds' } : null,
  workloads: rows,
  kernel: { rows: kernelRows, mips: median(kernelRows.map((r) => r.mips)), qemuRatio: qemu ? median(kernelRows.map((r) => r.ratio!)) : null },
  isolation: iso,
  ui,
  live: {
    swapPauseUs: { p50: swapsM.p50Us, p99: swapsM.p99Us }, retainedMiBAfter1000Swaps: swapsM.retainedMiB, saveToServingMs: { p50: save.p50Ms, p99: save.p99Ms },
    isolatedSwap: isoSwaps, isolationSlowdown: slowdown,
  },
  faults: { rows: faultRows, p50us: median(faultRows.map((f) => f.p50us)), p99us: median(faultRows.map((f) => f.p99us)), perSecond: median(faultRows.map((f) => f.faultsPerSecond)) },
};
if (json) process.stdout.write(JSON.stringify(result) + '\n');
else {
  log('');
  log(`median MIPS: paging off ${result.mips.bare.toFixed(1)}, Sv32 ${result.mips.sv32.toFixed(1)}, TLB-miss-heavy (stride, Sv32) ${result.mips.tlbHeavy.toFixed(1)}`);
  if (result.qemu) log(`median time ratio milklab/qemu-riscv32: ${result.qemu.ratio.toFixed(2)}x (flat), ${result.kernel.qemuRatio?.toFixed(2)}x (kernel)`);
  log(`page fault: p50 ${result.faults.p50us.toFixed(1)} us, p99 ${result.faults.p99us.toFixed(1)} us, ${Math.round(result.faults.perSecond)} faults/s (medians over the runs above)`);
}
