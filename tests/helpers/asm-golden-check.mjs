#!/usr/bin/env node
// Re-derives the golden words in tests/helpers/asm.test.ts with GNU as + ld (needs
// riscv64-unknown-elf-{as,ld,objcopy} on PATH; CI does not have them and never runs this).
// Usage: node tests/helpers/asm-golden-check.mjs   → prints mismatches, exits 1 if any.
// Each table line `['<gnu text>', (a) => ..., [0x...]]` is assembled alone and linked at
// 0x80000000; a target `.+N`/`.-N` is turned into a label N bytes away so no relocation is left.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const testSrc = readFileSync(path.join(here, 'asm.test.ts'), 'utf8');
const dir = mkdtempSync(path.join(tmpdir(), 'asm-golden-'));

function gas(body) {
  const s = path.join(dir, 't.s');
  writeFileSync(s, `.option norelax\n.text\n${body}\n`);
  execFileSync('riscv64-unknown-elf-as', ['-march=rv32im_zicsr_zifencei', '-mabi=ilp32', '-mno-relax', '-o', `${dir}/t.o`, s]);
  execFileSync('riscv64-unknown-elf-ld', ['-m', 'elf32lriscv', '--no-relax', '-Ttext=0x80000000', '-e', '0x80000000', '-o', `${dir}/t.elf`, `${dir}/t.o`]);
  execFileSync('riscv64-unknown-elf-objcopy', ['-O', 'binary', '-j', '.text', `${dir}/t.elf`, `${dir}/t.bin`]);
  const b = readFileSync(`${dir}/t.bin`);
  const words = [];
  for (let i = 0; i + 4 <= b.length; i += 4) words.push(b.readUInt32LE(i));
  return words;
}

let bad = 0;
let n = 0;
for (const m of testSrc.matchAll(/^\s*\['([^']+)', \(a\) => .*?, \[([^\]]*)\]\],$/gm)) {
  const text = m[1];
  const want = m[2].split(',').map((x) => Number(x.trim()) >>> 0);
  let got;
  const rel = /\.([+-])(\d+)$/.exec(text);
  if (rel) {
    const off = Number(rel[2]);
    const ins = text.slice(0, rel.index);
    if (rel[1] === '-') got = gas(`L:\n.skip ${off}\n${ins}L`).slice(off / 4, off / 4 + 1);
    else got = gas(`L0:\n${ins}L0+${off}\n.skip ${Math.max(off, 4)}`).slice(0, 1);
    if (rel[1] === '-' && off % 4 !== 0) {
      // Misaligned instruction position: read the word at byte offset `off`.
      const b = readFileSync(`${dir}/t.bin`);
      got = [b.readUInt32LE(off)];
    }
  } else {
    got = gas(text).slice(0, want.length);
  }
  n++;
  const hex = (ws) => ws.map((w) => `0x${w.toString(16).padStart(8, '0')}`).join(', ');
  if (hex(got) !== hex(want)) {
    bad++;
    console.log(`MISMATCH ${text}: table [${hex(want)}], GNU as [${hex(got)}]`);
  }
}
console.log(`${n} cases checked, ${bad} mismatches`);
process.exit(bad ? 1 : 0);
