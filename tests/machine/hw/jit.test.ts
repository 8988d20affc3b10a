import { describe, expect, it } from 'vitest';
import { compileBlock, MAX_BLOCK, mulhFn, mulhsuFn, mulhuFn } from '../../../src/machine/hw/jit.js';
import { Machine } from '../../../src/machine/hw/machine.js';
import { asm } from '../../helpers/asm.js';

const edge = [0, 1, -1, 2, -2, 0x7fffffff, -0x80000000, 0x12345678, -0x12345678, 0xffff, 0x10000, 3, 7];
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s | 0; };
}

describe('M-extension high products', () => {
  const r = rng(42);
  const pairs: [number, number][] = [];
  for (const a of edge) for (const b of edge) pairs.push([a, b]);
  for (let i = 0; i < 2000; i++) pairs.push([r(), r()]);
  it('mulhu/mulh/mulhsu equal a BigInt reference on edge and random operands', () => {
    for (const [a, b] of pairs) {
      const ua = BigInt(a >>> 0), ub = BigInt(b >>> 0), sa = BigInt(a), sb = BigInt(b);
      expect(mulhuFn(a, b)).toBe(Number(BigInt.asIntN(32, (ua * ub) >> 32n)));
      expect(mulhFn(a, b)).toBe(Number(BigInt.asIntN(32, (sa * sb) >> 32n)));
      expect(mulhsuFn(a, b)).toBe(Number(BigInt.asIntN(32, (sa * ub) >> 32n)));
    }
  });
});

describe('compileBlock', () => {
  it('never throws on arbitrary instruction words', () => {
    const m = new Machine({ ramBase: 0x8000_0000, ramSize: 1 << 16 });
    const r = rng(7);
    for (let i = 0; i < 1024; i++) m.mem.i32[i] = r();
    for (let ro = 0; ro < 4096; ro += 4) expect(() => compileBlock(m.cpu, ro, 0x8000_0000 + ro, MAX_BLOCK)).not.toThrow();
  });
  it('stops at the end of the page', () => {
    const m = new Machine({ ramBase: 0x8000_0000, ramSize: 1 << 16 });
    for (let i = 0; i < 2048; i++) m.mem.i32[i] = 0x00000013; // nop
    expect(compileBlock(m.cpu, 4096 - 8, 0x8000_0ff8, MAX_BLOCK).n).toBe(2);
    expect(compileBlock(m.cpu, 0, 0x8000_0000, MAX_BLOCK).n).toBe(MAX_BLOCK);
  });
});

describe('determinism of the run loop', () => {
  function program(): Uint8Array {
    const a = asm(0x8000_0000);
    a.li('a0', 0).li('a1', 1000).li('a2', 0x8000_8000);
    a.label('loop').add('a0', 'a0', 'a1').sw('a0', 0, 'a2').lw('a3', 0, 'a2').xor('a0', 'a0', 'a3')
      .addi('a0', 'a0', 3).addi('a1', 'a1', -1).bnez('a1', 'loop').ecall();
    return a.bytes();
  }
  it('gives identical state whatever the budget slicing', () => {
    const results: string[] = [];
    for (const chunk of [1, 3, 7, 64, 1000, 1_000_000]) {
      const m = new Machine({ ramBase: 0x8000_0000, ramSize: 1 << 16 });
      m.mem.writeBytes(0x8000_0000, program());
      m.cpu.hostTraps = true;
      let exit;
      do exit = m.cpu.run(chunk); while (exit.kind === 'budget');
      results.push(`${exit.kind} ${m.cpu.instret} ${Array.from(m.cpu.x).join(',')}`);
    }
    expect(new Set(results).size).toBe(1);
    expect(results[0]).toMatch(/^trap 7003 /) // 3 setup + 1000 x 7 loop instructions; the ecall does not retire;
  });
  it('executes exactly the budget it is given', () => {
    const m = new Machine({ ramBase: 0x8000_0000, ramSize: 1 << 16 });
    m.mem.writeBytes(0x8000_0000, program());
    m.cpu.hostTraps = true;
    expect(m.cpu.run(1234)).toEqual({ kind: 'budget' });
    expect(m.cpu.instret).toBe(1234);
  });
  it('sees its own stores to code (self-modifying code after fence.i)', () => {
    const a = asm(0x8000_0000);
    // patch the instruction at 'target' from `addi a0,x0,1` to `addi a0,x0,2`, run it twice
    a.li('s0', 0).label('again').la('t0', 'target').label('target').addi('a0', 'zero', 1)
      .add('s0', 's0', 'a0').li('t1', 0x00200513).sw('t1', 0, 't0').fence_i()
      .addi('s1', 's1', 1).li('t2', 2).blt('s1', 't2', 'again').ecall();
    const m = new Machine({ ramBase: 0x8000_0000, ramSize: 1 << 16 });
    m.mem.writeBytes(0x8000_0000, a.bytes());
    m.cpu.hostTraps = true;
    m.cpu.run(1000);
    expect(m.cpu.x[8]).toBe(3); // 1 then 2
  });
});
