#!/usr/bin/env node
// Regenerates workloads/expected/*.txt and workloads/manifest.json by running every
// workload on qemu-riscv32 (Debian qemu-user):
//   - with no arguments and with the explicit defaultArgs (outputs must be identical),
//   - with tinyArgs,
// each twice (outputs must be identical, exit status 0), plus once under the qemu-icount
// plugin (tools/qemu-icount.so, `make -C workloads icount`) to record the exact guest
// instruction count and the number of distinct 4 KiB pages touched.
//
//   make -C workloads expected        (or: node workloads/tools/gen-expected.mjs)
//
//   node workloads/tools/gen-expected.mjs --verify
//       (`make -C workloads verify`) only runs everything and compares with expected/*.txt
//       and manifest.json, writing nothing; exits 1 on any difference.
//
// The workload list below is the single source of the manifest's names, kinds, argument
// sets and descriptions.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const qemu = process.env.QEMU ?? 'qemu-riscv32';
const plugin = path.join(dir, 'tools/qemu-icount.so');
const verify = process.argv.includes('--verify');
let failures = 0;

/** name, kind, usage (defaults shown), tiny args, one-line description. */
const WORKLOADS = [
  ['sieve', 'compute', 'sieve [n=5000000]', ['1000'],
    'Sieve of Eratosthenes, one byte per number up to n; prints the prime count, the largest prime and a checksum.'],
  ['crc', 'compute', 'crc [bytes=4194304] [passes=2] [seed=1]', ['4096', '2', '1'],
    'Table-driven CRC-32 (zlib polynomial) of a PRNG-filled buffer, scanned sequentially <passes> times; self-tests crc32("123456789").'],
  ['sort', 'compute', 'sort [n=400000] [seed=1]', ['1000'],
    'Quicksort of n PRNG 32-bit ints; verifies order and multiset, prints min/median/max and a checksum.'],
  ['matmul', 'compute', 'matmul [n=256] [seed=1]', ['24'],
    'Naive i-j-k integer n x n matrix multiply (B walked by column); prints trace and checksum of C.'],
  ['matmul-tiled', 'compute', 'matmul-tiled [n=256] [block=32] [seed=1]', ['24', '5'],
    'Blocked (tiled, i-k-j inside tiles) version of matmul; same trace and checksum as matmul for the same n and seed.'],
  ['ptrchase', 'compute', 'ptrchase [n=2097152] [steps=8388608] [seed=1]', ['1024', '4096'],
    'Dependent-load pointer chase through a single-cycle random permutation (Sattolo) of n slots.'],
  ['stride', 'compute', 'stride [bytes=16777216] [stride=4096] [passes=2000]', ['65536', '4096', '8'],
    'Touches one word every <stride> bytes across the region, pass after pass: a new page on every access (TLB-miss heavy).'],
  ['seqscan', 'memory', 'seqscan [bytes=8388608] [passes=8] [seed=1]', ['16384', '2'],
    'Writes a large array once, then reads it sequentially <passes> times.'],
  ['random', 'memory', 'random [bytes=16777216] [accesses=4194304] [seed=1]', ['65536', '20000'],
    'Uniform random word accesses over the region (read; one in four also written); pages first touched in random order.'],
  ['zipf', 'memory', 'zipf [pages=4096] [accesses=4194304] [seed=1]', ['32', '20000'],
    'Zipf(s=1) skewed page popularity via an integer inverse-CDF table; hot pages scattered by a random permutation.'],
  ['loop', 'memory', 'loop [pages=1088] [passes=100] [dirty=0]', ['16', '4', '1'],
    'Cyclic walk over pages 0..n-1, repeated: with fewer frames than pages, LRU/FIFO never hit.'],
  ['phases', 'memory', 'phases [setpages=512] [accesses=1048576] [seed=1]', ['4', '5000'],
    'Uniform random accesses whose working set moves: A, B, A+B, C (2x), A; one output line per phase.'],
  ['heapfill', 'memory', 'heapfill [pages=4096] [mode=2] [seed=1] [chunk=256]', ['24', '2', '1', '8'],
    'Grows the heap by brk and anonymous mmap chunks, checks zero fill, writes and verifies every word, munmaps; prints ok or CORRUPT.'],
];

function run(name, args, withPlugin = false) {
  const elf = path.join(dir, 'bin', `${name}.elf`);
  const argv = withPlugin ? ['-plugin', `${plugin},pages=on`, '-d', 'plugin', elf, ...args] : [elf, ...args];
  const r = spawnSync(qemu, argv, { encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${name} ${args.join(' ')}: exit ${r.status}, signal ${r.signal}\n${r.stderr}`);
  return r;
}

function runTwice(name, args) {
  const a = run(name, args).stdout;
  const b = run(name, args).stdout;
  if (a !== b) throw new Error(`${name} ${args.join(' ')}: two runs differ:\n${a}\n---\n${b}`);
  if (!a.endsWith('\n')) throw new Error(`${name} ${args.join(' ')}: output does not end with a newline`);
  return a;
}

function measure(name, args, expectedStdout) {
  const r = run(name, args, true);
  if (r.stdout !== expectedStdout) throw new Error(`${name}: output under the plugin differs`);
  const m = /icount: insns=(\d+) pages=(\d+)/.exec(r.stderr);
  if (!m) throw new Error(`${name}: no icount line in:\n${r.stderr}`);
  return { insns: Number(m[1]), pages: Number(m[2]) };
}

if (!existsSync(plugin)) execFileSync('make', ['-C', dir, 'icount'], { stdio: 'inherit' });
mkdirSync(path.join(dir, 'expected'), { recursive: true });

const manifest = [];
for (const [name, kind, usage, tinyArgs, description] of WORKLOADS) {
  const defaultArgs = [...usage.matchAll(/\[[\w-]+=([^\]]+)\]/g)].map((m) => m[1]);
  const noArgs = runTwice(name, []);
  const explicit = runTwice(name, defaultArgs);
  if (noArgs !== explicit) throw new Error(`${name}: explicit defaultArgs give a different output`);
  const tiny = runTwice(name, tinyArgs);
  const md = measure(name, [], noArgs);
  const mt = measure(name, tinyArgs, tiny);
  for (const [file, text] of [[`${name}.txt`, noArgs], [`${name}.tiny.txt`, tiny]]) {
    const p = path.join(dir, 'expected', file);
    if (!verify) writeFileSync(p, text);
    else if (!existsSync(p) || readFileSync(p, 'utf8') !== text) {
      failures++;
      console.log(`MISMATCH expected/${file}:
  got: ${text.trimEnd().replace(/\n/g, '\n       ')}`);
    }
  }
  manifest.push({
    name, kind, description, usage,
    elf: `bin/${name}.elf`,
    defaultArgs, tinyArgs,
    footprintPages: md.pages, tinyFootprintPages: mt.pages,
    qemuInstructions: md.insns, tinyQemuInstructions: mt.insns,
    expected: `expected/${name}.txt`, expectedTiny: `expected/${name}.tiny.txt`,
  });
  const last = noArgs.trimEnd().split('\n').pop();
  console.log(`${name.padEnd(13)} ${String(md.insns).padStart(10)} insns ${String(md.pages).padStart(5)} pages | tiny ${String(mt.insns).padStart(8)} insns ${String(mt.pages).padStart(3)} pages | ${last}`);
}
// Two-space JSON, but short arrays of strings on one line.
const json = JSON.stringify(manifest, null, 2).replace(/\[\n\s+("[^\[\]{}]*?")\n\s+\]/g,
  (_, inner) => `[${inner.split(/,\n\s+/).join(', ')}]`) + '\n';
const manifestPath = path.join(dir, 'manifest.json');
if (!verify) {
  writeFileSync(manifestPath, json);
  console.log(`wrote expected/*.txt and manifest.json for ${manifest.length} workloads`);
} else {
  if (!existsSync(manifestPath) || readFileSync(manifestPath, 'utf8') !== json) {
    failures++;
    console.log('MISMATCH manifest.json (instruction or page counts, or the workload list, changed)');
  }
  console.log(failures ? `verify: ${failures} mismatch(es)` : `verify: all ${manifest.length} workloads match expected/ and manifest.json`);
  process.exit(failures ? 1 : 0);
}
