// RV32M conformance: products (low and the three high variants) and divisions, checked against a
// BigInt reference over edge and random operands, including the spec's division-by-zero and
// signed-overflow results (unprivileged spec, "M" chapter, table of division special cases).
import { describe, expect, it } from 'vitest';
import { RAM_BASE, hex, prng, runM } from '../../helpers/run-program.js';
import type { Asm, Reg } from '../../helpers/asm.js';

const DATA = RAM_BASE + 0x4_0000;
const M32 = (1n << 32n) - 1n;
const s64 = (v: number): bigint => BigInt(v | 0);
const u64 = (v: number): bigint => BigInt(v >>> 0);
const lo32 = (v: bigint): number => Number(v & M32) >>> 0;
const hi32 = (v: bigint): number => Number((v >> 32n) & M32) >>> 0;
const INT_MIN = 0x80000000 | 0;

const REF: Record<string, (a: number, b: number) => number> = {
  mul: (a, b) => lo32(s64(a) * s64(b)),
  mulh: (a, b) => hi32(s64(a) * s64(b)),
  mulhsu: (a, b) => hi32(s64(a) * u64(b)),
  mulhu: (a, b) => hi32(u64(a) * u64(b)),
  div: (a, b) => {
    if ((b | 0) === 0) return 0xffffffff;
    if ((a | 0) === INT_MIN && (b | 0) === -1) return INT_MIN >>> 0;
    return lo32(s64(a) / s64(b)); // BigInt division truncates toward zero, like RISC-V
  },
  divu: (a, b) => ((b >>> 0) === 0 ? 0xffffffff : lo32(u64(a) / u64(b))),
  rem: (a, b) => {
    if ((b | 0) === 0) return a >>> 0;
    if ((a | 0) === INT_MIN && (b | 0) === -1) return 0;
    return lo32(s64(a) % s64(b)); // sign follows the dividend
  },
  remu: (a, b) => ((b >>> 0) === 0 ? a >>> 0 : lo32(u64(a) % u64(b))),
};

const OPS = ['mul', 'mulh', 'mulhsu', 'mulhu', 'div', 'divu', 'rem', 'remu'] as const;
type Op = (typeof OPS)[number];

const EDGE = [0, 1, -1, 2, -2, 3, -3, 7, -7, 0x7fffffff, INT_MIN, INT_MIN + 1, 0x10000, 0xffff, 0x12345678, 0xfedcba98 | 0, 0x55555555, 0xaaaaaaaa | 0];

function pairs(extra: number): [number, number][] {
  const out: [number, number][] = [];
  for (const a of EDGE) for (const b of EDGE) out.push([a, b]);
  const rnd = prng(0xbeef);
  for (let i = 0; i < extra; i++) {
    const a = rnd() | 0;
    const b = rnd() | 0;
    out.push([a, b]);
    out.push([a, (b >> (rnd() & 31)) | 0]); // small divisors too
  }
  return out;
}

function runOp(op: Op, ps: [number, number][], regs: [Reg, Reg, Reg] = ['a2', 'a0', 'a1']): number[] {
  const r = runM((a: Asm) => {
    a.li('s0', DATA);
    for (const [x, y] of ps) {
      a.li(regs[1], x);
      a.li(regs[2], y);
      a[op](regs[0], regs[1], regs[2]);
      a.sw(regs[0], 0, 's0');
      a.addi('s0', 's0', 4);
    }
  }, { max: 1_000_000 });
  return ps.map((_, i) => r.m.mem.read32(DATA + 4 * i) >>> 0);
}

describe('RV32M against a BigInt reference', () => {
  const ps = pairs(60);
  it.each(OPS)('%s over edge and random operands', (op) => {
    const got = runOp(op, ps);
    const want = ps.map(([a, b]) => REF[op]!(a, b));
    for (let i = 0; i < ps.length; i++) {
      expect(hex(got[i]!), `${op} ${hex(ps[i]![0])}, ${hex(ps[i]![1])}`).toBe(hex(want[i]!));
    }
  });
});

describe('RV32M special cases spelled out', () => {
  it('division by zero: div = -1, divu = 2^32-1, rem = dividend, remu = dividend', () => {
    const r = runM((a) => {
      a.li('t0', 1234567);
      a.li('t1', -89);
      a.div('a0', 't0', 'zero');
      a.divu('a1', 't0', 'zero');
      a.rem('a2', 't0', 'zero');
      a.remu('a3', 't0', 'zero');
      a.div('a4', 't1', 'zero');
      a.rem('a5', 't1', 'zero');
      a.remu('a6', 't1', 'zero');
      a.divu('a7', 'zero', 'zero');
    });
    expect(r.sx('a0')).toBe(-1);
    expect(hex(r.x('a1'))).toBe(hex(0xffffffff));
    expect(r.x('a2')).toBe(1234567);
    expect(r.x('a3')).toBe(1234567);
    expect(r.sx('a4')).toBe(-1);
    expect(r.sx('a5')).toBe(-89);
    expect(r.sx('a6')).toBe(-89);
    expect(hex(r.x('a7'))).toBe(hex(0xffffffff));
  });

  it('signed overflow: div(-2^31, -1) = -2^31 and rem(-2^31, -1) = 0 (no trap)', () => {
    const r = runM((a) => {
      a.li('t0', 0x80000000);
      a.li('t1', -1);
      a.div('a0', 't0', 't1');
      a.rem('a1', 't0', 't1');
      a.divu('a2', 't0', 't1'); // unsigned: 0x80000000 / 0xffffffff = 0
      a.remu('a3', 't0', 't1');
    });
    expect(hex(r.x('a0'))).toBe(hex(0x80000000));
    expect(r.x('a1')).toBe(0);
    expect(r.x('a2')).toBe(0);
    expect(hex(r.x('a3'))).toBe(hex(0x80000000));
  });

  it('division truncates toward zero and the remainder takes the sign of the dividend', () => {
    const r = runM((a) => {
      a.li('t0', -7);
      a.li('t1', 2);
      a.li('t2', -2);
      a.li('t3', 7);
      a.div('a0', 't0', 't1'); // -3
      a.rem('a1', 't0', 't1'); // -1
      a.div('a2', 't3', 't2'); // -3
      a.rem('a3', 't3', 't2'); // 1
      a.div('a4', 't0', 't2'); // 3
      a.rem('a5', 't0', 't2'); // -1
    });
    expect([r.sx('a0'), r.sx('a1'), r.sx('a2'), r.sx('a3'), r.sx('a4'), r.sx('a5')]).toEqual([-3, -1, -3, 1, 3, -1]);
  });

  it('mulh/mulhsu/mulhu treat operand signs differently', () => {
    const r = runM((a) => {
      a.li('t0', -1);
      a.li('t1', -1);
      a.mulh('a0', 't0', 't1'); // (-1)(-1) = 1 -> high 0
      a.mulhsu('a1', 't0', 't1'); // (-1)(2^32-1) -> high -1
      a.mulhu('a2', 't0', 't1'); // (2^32-1)^2 -> high 2^32-2
      a.mul('a3', 't0', 't1'); // low 1
      a.li('t2', 0x80000000);
      a.mulh('a4', 't2', 't2'); // 2^62 -> 0x40000000
      a.mulhsu('a5', 't2', 't2'); // -2^31 * 2^31 = -2^62 -> 0xc0000000
      a.mulhu('a6', 't2', 't2'); // 2^62 -> 0x40000000
      a.li('t3', 2);
      a.mulhsu('a7', 't3', 't0'); // 2 * (2^32-1) -> high 1
      a.mulhsu('s2', 't0', 't3'); // -1 * 2 -> high -1
    });
    expect(r.x('a0')).toBe(0);
    expect(hex(r.x('a1'))).toBe(hex(0xffffffff));
    expect(hex(r.x('a2'))).toBe(hex(0xfffffffe));
    expect(r.x('a3')).toBe(1);
    expect(hex(r.x('a4'))).toBe(hex(0x40000000));
    expect(hex(r.x('a5'))).toBe(hex(0xc0000000));
    expect(hex(r.x('a6'))).toBe(hex(0x40000000));
    expect(r.x('a7')).toBe(1);
    expect(hex(r.x('s2'))).toBe(hex(0xffffffff));
  });

  it('mul/div with rd aliasing a source and with x0 as destination', () => {
    const r = runM((a) => {
      a.li('a0', 12345);
      a.mul('a0', 'a0', 'a0');
      a.li('a1', 100);
      a.li('a2', 7);
      a.div('a1', 'a1', 'a2');
      a.li('a3', 100);
      a.rem('a3', 'a3', 'a2');
      a.li('a4', 0xffff);
      a.mulhu('a4', 'a4', 'a4');
      a.mul('zero', 'a2', 'a2');
      a.div('zero', 'a2', 'a2');
      a.remu('zero', 'a2', 'zero');
      a.mv('a5', 'zero');
    });
    expect(r.x('a0')).toBe(12345 * 12345);
    expect(r.x('a1')).toBe(14);
    expect(r.x('a3')).toBe(2);
    expect(r.x('a4')).toBe(0);
    expect(r.x('a5')).toBe(0);
    expect(r.m.cpu.x[0]).toBe(0);
  });

  it('all eight operations agree with the reference when rs1 == rs2', () => {
    const vals = [0, 1, -1, INT_MIN, 0x7fffffff, 0x12345678];
    for (const op of OPS) {
      const r = runM((a) => {
        a.li('s0', DATA);
        for (const v of vals) {
          a.li('t0', v);
          a[op]('t1', 't0', 't0');
          a.sw('t1', 0, 's0');
          a.addi('s0', 's0', 4);
        }
      });
      vals.forEach((v, i) => expect(hex(r.m.mem.read32(DATA + 4 * i)), `${op} ${hex(v)}`).toBe(hex(REF[op]!(v, v))));
    }
  });
});
