// RV32I base ISA conformance: every instruction, with the edge cases of the unprivileged spec
// (x0, sign extension, shift amounts, signed/unsigned compares, misaligned accesses, jump targets).
// Programs run in M-mode with hostTraps, ending in an ecall (see tests/helpers/run-program.ts).
import { describe, expect, it } from 'vitest';
import { RAM_BASE, expectTrap, hex, prng, run, runM } from '../../helpers/run-program.js';
import { Asm, type Reg } from '../../helpers/asm.js';
import type { Machine } from '../../../src/machine/hw/machine.js';

const DATA = RAM_BASE + 0x4_0000;

type Bin = (a: number, b: number) => number;
const u = (v: number): number => v >>> 0;

const EDGE = [0, 1, -1, 2, 0x7fffffff, 0x80000000 | 0, 0x80000001 | 0, 0x7ffffffe, 31, 32, 33, 0x12345678, 0xfedcba98 | 0, 0xffff, 0x10000];

/** Runs `op rd, rs1, rs2` over operand pairs; returns results (unsigned) stored by the program. */
function runPairs(emit: (a: Asm, rd: Reg, rs1: Reg, rs2: Reg) => void, pairs: [number, number][]): number[] {
  const r = runM((a) => {
    a.li('s0', DATA);
    for (const [x, y] of pairs) {
      a.li('a0', x);
      a.li('a1', y);
      emit(a, 'a2', 'a0', 'a1');
      a.sw('a2', 0, 's0');
      a.addi('s0', 's0', 4);
    }
  }, { max: 1_000_000 });
  return pairs.map((_, i) => r.m.mem.read32(DATA + 4 * i) >>> 0);
}

function pairsOf(values: number[], extra = 0): [number, number][] {
  const out: [number, number][] = [];
  for (const x of values) for (const y of values) out.push([x, y]);
  const rnd = prng(0xc0ffee);
  for (let i = 0; i < extra; i++) out.push([rnd() | 0, rnd() | 0]);
  return out;
}

describe('U-type: lui, auipc', () => {
  it('lui places the immediate in the upper 20 bits and zeroes the rest', () => {
    const r = runM((a) => {
      a.li('a0', -1);
      a.lui('a0', 0x12345);
      a.lui('a1', 0xfffff);
      a.lui('a2', 0x80000);
      a.lui('a3', 0);
    });
    expect(hex(r.x('a0'))).toBe(hex(0x12345000));
    expect(r.sx('a1')).toBe(-4096);
    expect(hex(r.x('a2'))).toBe(hex(0x80000000));
    expect(r.x('a3')).toBe(0);
  });

  it('auipc adds the upper immediate to its own pc (wrapping)', () => {
    const r = runM((a) => {
      a.nop();
      a.label('p1');
      a.auipc('a0', 0);
      a.label('p2');
      a.auipc('a1', 0x1);
      a.label('p3');
      a.auipc('a2', 0xfffff);
      a.label('p4');
      a.auipc('a3', 0x80000); // 0x8000xxxx + 0x80000000 wraps
    });
    expect(hex(r.x('a0'))).toBe(hex(r.at('p1')));
    expect(hex(r.x('a1'))).toBe(hex(r.at('p2') + 0x1000));
    expect(hex(r.x('a2'))).toBe(hex(r.at('p3') - 0x1000));
    expect(hex(r.x('a3'))).toBe(hex(r.at('p4') + 0x80000000));
  });
});

describe('x0', () => {
  it('ignores writes by every instruction class and always reads zero', () => {
    const r = runM((a) => {
      a.li('s0', DATA);
      a.li('t0', 0x5555);
      a.sw('t0', 0, 's0');
      a.addi('x0', 'x0', 5);
      a.lui('x0', 0x12345);
      a.auipc('x0', 1);
      a.add('x0', 't0', 't0');
      a.lw('x0', 0, 's0');
      a.lb('x0', 0, 's0');
      a.jal('x0', 8); // plain jump over the next instruction
      a.addi('t1', 'x0', 0x2bd);
      a.csrrs('x0', 'mscratch', 'x0');
      a.mul('x0', 't0', 't0');
      a.div('x0', 't0', 't0');
      a.addi('a0', 'x0', 0); // read back x0 through an instruction
      a.add('a1', 'x0', 'x0');
      a.sw('x0', 4, 's0'); // store of x0 writes zero
      a.lw('a2', 4, 's0');
    }, { setup: (m) => m.mem.write32(DATA + 4, 0xffffffff) });
    expect(r.m.cpu.x[0]).toBe(0);
    expect(r.x('a0')).toBe(0);
    expect(r.x('a1')).toBe(0);
    expect(r.x('a2')).toBe(0);
    expect(r.x('t1')).toBe(0);
  });

  it('uses x0 as a zero source operand', () => {
    const r = runM((a) => {
      a.li('t0', 7);
      a.sub('a0', 'x0', 't0');
      a.sltu('a1', 'x0', 't0');
      a.or('a2', 't0', 'x0');
    });
    expect(r.sx('a0')).toBe(-7);
    expect(r.x('a1')).toBe(1);
    expect(r.x('a2')).toBe(7);
  });
});

describe('OP-IMM', () => {
  it('addi sign-extends the immediate and wraps', () => {
    const r = runM((a) => {
      a.li('t0', 0x7fffffff);
      a.addi('a0', 't0', 1);
      a.addi('a1', 'x0', -2048);
      a.addi('a2', 'x0', 2047);
      a.li('t1', 0x80000000);
      a.addi('a3', 't1', -1);
      a.addi('a4', 'a4', 0); // mv of the initial 0
    });
    expect(hex(r.x('a0'))).toBe(hex(0x80000000));
    expect(r.sx('a1')).toBe(-2048);
    expect(r.x('a2')).toBe(2047);
    expect(hex(r.x('a3'))).toBe(hex(0x7fffffff));
    expect(r.x('a4')).toBe(0);
  });

  it('slti/sltiu compare signed/unsigned against the sign-extended immediate', () => {
    const r = runM((a) => {
      a.li('t0', -1);
      a.li('t1', 1);
      a.slti('a0', 't0', 0); // -1 < 0
      a.sltiu('a1', 't0', 0); // 0xffffffff < 0 -> 0
      a.slti('a2', 't1', -1); // 1 < -1 -> 0
      a.sltiu('a3', 't1', -1); // 1 < 0xffffffff -> 1
      a.sltiu('a4', 't0', -1); // equal -> 0
      a.sltiu('a5', 'x0', 1); // seqz 0 -> 1
      a.sltiu('a6', 't1', 1); // seqz 1 -> 0
      a.slti('a7', 't1', 1); // equal -> 0
      a.li('t2', 0x80000000);
      a.slti('s2', 't2', -2048);
      a.sltiu('s3', 't2', -2048); // 0x80000000 < 0xfffff800 -> 1
      a.slti('s4', 't1', 2047);
    });
    expect([r.x('a0'), r.x('a1'), r.x('a2'), r.x('a3'), r.x('a4'), r.x('a5'), r.x('a6'), r.x('a7')]).toEqual([1, 0, 0, 1, 0, 1, 0, 0]);
    expect([r.x('s2'), r.x('s3'), r.x('s4')]).toEqual([1, 1, 1]);
  });

  it('xori/ori/andi use the sign-extended immediate', () => {
    const r = runM((a) => {
      a.li('t0', 0x12345678);
      a.xori('a0', 't0', -1); // not
      a.ori('a1', 't0', -2048); // sets bits 31..11
      a.andi('a2', 't0', -2048); // clears bits 10..0
      a.andi('a3', 't0', 0x7ff);
      a.xori('a4', 't0', 0x555);
      a.ori('a5', 'x0', 0x7ff);
    });
    expect(hex(r.x('a0'))).toBe(hex(~0x12345678));
    expect(hex(r.x('a1'))).toBe(hex(0x12345678 | 0xfffff800));
    expect(hex(r.x('a2'))).toBe(hex(0x12345678 & 0xfffff800));
    expect(hex(r.x('a3'))).toBe(hex(0x678));
    expect(hex(r.x('a4'))).toBe(hex(0x12345678 ^ 0x555));
    expect(r.x('a5')).toBe(0x7ff);
  });

  it('slli/srli/srai for shift amounts 0..31', () => {
    const vals = [0x80000000 | 0, 0x12345678, -1, 1, 0x7fffffff];
    const r = runM((a) => {
      a.li('s0', DATA);
      for (const v of vals) {
        a.li('t0', v);
        for (let sh = 0; sh < 32; sh++) {
          a.slli('t1', 't0', sh);
          a.srli('t2', 't0', sh);
          a.srai('t3', 't0', sh);
          a.sw('t1', 0, 's0');
          a.sw('t2', 4, 's0');
          a.sw('t3', 8, 's0');
          a.addi('s0', 's0', 12);
        }
      }
    }, { max: 1_000_000 });
    let p = DATA;
    for (const v of vals) {
      for (let sh = 0; sh < 32; sh++) {
        expect(hex(r.m.mem.read32(p))).toBe(hex(v << sh));
        expect(hex(r.m.mem.read32(p + 4))).toBe(hex(v >>> sh));
        expect(hex(r.m.mem.read32(p + 8))).toBe(hex(v >> sh));
        p += 12;
      }
    }
  });
});

describe('OP (register-register)', () => {
  const cases: [string, (a: Asm, rd: Reg, rs1: Reg, rs2: Reg) => void, Bin][] = [
    ['add', (a, d, s1, s2) => a.add(d, s1, s2), (x, y) => (x + y) | 0],
    ['sub', (a, d, s1, s2) => a.sub(d, s1, s2), (x, y) => (x - y) | 0],
    ['sll', (a, d, s1, s2) => a.sll(d, s1, s2), (x, y) => x << (y & 31)],
    ['slt', (a, d, s1, s2) => a.slt(d, s1, s2), (x, y) => ((x | 0) < (y | 0) ? 1 : 0)],
    ['sltu', (a, d, s1, s2) => a.sltu(d, s1, s2), (x, y) => (u(x) < u(y) ? 1 : 0)],
    ['xor', (a, d, s1, s2) => a.xor(d, s1, s2), (x, y) => x ^ y],
    ['srl', (a, d, s1, s2) => a.srl(d, s1, s2), (x, y) => x >>> (y & 31)],
    ['sra', (a, d, s1, s2) => a.sra(d, s1, s2), (x, y) => x >> (y & 31)],
    ['or', (a, d, s1, s2) => a.or(d, s1, s2), (x, y) => x | y],
    ['and', (a, d, s1, s2) => a.and(d, s1, s2), (x, y) => x & y],
  ];
  const pairs = pairsOf(EDGE, 40);
  it.each(cases)('%s over edge and random operands (shifts use rs2[4:0] only)', (_n, emit, ref) => {
    const got = runPairs(emit, pairs);
    expect(got.map(hex)).toEqual(pairs.map(([x, y]) => hex(ref(x, y))));
  });

  it('reads both sources before writing rd when registers alias', () => {
    const r = runM((a) => {
      a.li('a0', 5);
      a.add('a0', 'a0', 'a0');
      a.li('a1', 3);
      a.sub('a1', 'a1', 'a1');
      a.li('a2', 1);
      a.li('a3', 4);
      a.sll('a3', 'a2', 'a3');
      a.li('a4', 0x80000000);
      a.sra('a4', 'a4', 'a4'); // shift by 0 (low 5 bits of 0x80000000)
    });
    expect(r.x('a0')).toBe(10);
    expect(r.x('a1')).toBe(0);
    expect(r.x('a3')).toBe(16);
    expect(hex(r.x('a4'))).toBe(hex(0x80000000));
  });
});

describe('loads and stores', () => {
  const bytes = [0x81, 0x82, 0x83, 0x84, 0x05, 0x06, 0x87, 0x08, 0x7f, 0xff, 0x00, 0x80];
  const setup = (m: Machine): void => m.mem.writeBytes(DATA, Uint8Array.from(bytes));

  it('lb/lbu/lh/lhu/lw sign- or zero-extend', () => {
    const r = runM((a) => {
      a.li('s0', DATA);
      a.lb('a0', 0, 's0'); // 0x81 -> -127
      a.lbu('a1', 0, 's0'); // 0x81
      a.lh('a2', 0, 's0'); // 0x8281
      a.lhu('a3', 0, 's0');
      a.lw('a4', 0, 's0'); // 0x84838281
      a.lb('a5', 4, 's0'); // 0x05
      a.lh('a6', 4, 's0'); // 0x0605
      a.lb('a7', 8, 's0'); // 0x7f
      a.lb('s2', 9, 's0'); // 0xff -> -1
      a.lbu('s3', 9, 's0');
      a.lh('s4', 10, 's0'); // 0x8000 -> -32768
      a.lhu('s5', 10, 's0');
      a.lh('s6', 8, 's0'); // 0xff7f -> -129
    }, { setup });
    expect(r.sx('a0')).toBe(-127);
    expect(r.x('a1')).toBe(0x81);
    expect(r.sx('a2')).toBe(0x8281 - 0x10000);
    expect(r.x('a3')).toBe(0x8281);
    expect(hex(r.x('a4'))).toBe(hex(0x84838281));
    expect(r.x('a5')).toBe(5);
    expect(r.x('a6')).toBe(0x0605);
    expect(r.x('a7')).toBe(0x7f);
    expect(r.sx('s2')).toBe(-1);
    expect(r.x('s3')).toBe(0xff);
    expect(r.sx('s4')).toBe(-32768);
    expect(r.x('s5')).toBe(0x8000);
    expect(r.sx('s6')).toBe(-129);
  });

  it('uses sign-extended 12-bit offsets (negative and maximum)', () => {
    const r = runM((a) => {
      a.li('s0', DATA + 2048);
      a.lw('a0', -2048, 's0'); // DATA
      a.li('s1', DATA + 4 - 2047);
      a.lw('a1', 2047, 's1'); // DATA + 4
      a.li('t0', 0xcafe);
      a.sh('t0', -2040, 's0'); // DATA + 8
      a.sb('t0', 2047, 's1'); // DATA + 4
    }, { setup });
    expect(hex(r.x('a0'))).toBe(hex(0x84838281));
    expect(hex(r.x('a1'))).toBe(hex(0x08870605));
    expect(r.m.mem.read32(DATA + 8) & 0xffff).toBe(0xcafe);
    expect(r.m.mem.read8(DATA + 4)).toBe(0xfe);
  });

  it('sb/sh/sw store only the low bytes and leave neighbours intact', () => {
    const r = runM((a) => {
      a.li('s0', DATA);
      a.li('t0', 0x11223344);
      a.sb('t0', 1, 's0');
      a.sh('t0', 6, 's0');
      a.sw('t0', 12, 's0');
      a.li('t1', -1);
      a.sb('t1', 16, 's0');
    }, { setup: (m) => m.mem.fill(DATA, 32, 0xaa) });
    const got = Array.from(r.m.mem.readBytes(DATA, 20));
    expect(got).toEqual([
      0xaa, 0x44, 0xaa, 0xaa, 0xaa, 0xaa, 0x44, 0x33, 0xaa, 0xaa, 0xaa, 0xaa, 0x44, 0x33, 0x22, 0x11, 0xff, 0xaa, 0xaa, 0xaa,
    ]);
  });

  it('store then load round-trips through the same address with rd == rs1', () => {
    const r = runM((a) => {
      a.li('s0', DATA);
      a.li('t0', 0xdeadbeef);
      a.sw('t0', 0, 's0');
      a.mv('a0', 's0');
      a.lw('a0', 0, 'a0');
    });
    expect(hex(r.x('a0'))).toBe(hex(0xdeadbeef));
  });

  it('misaligned loads succeed at every offset (little-endian)', () => {
    const r = runM((a) => {
      a.li('s0', DATA);
      a.li('s1', DATA + 0x100);
      for (let off = 0; off < 4; off++) {
        a.lw('t0', off, 's0');
        a.sw('t0', off * 4, 's1');
      }
      a.lh('t1', 1, 's0');
      a.sw('t1', 16, 's1');
      a.lhu('t1', 3, 's0');
      a.sw('t1', 20, 's1');
      a.lh('t1', 7, 's0'); // 0x7f87? bytes[7]=0x08, bytes[8]=0x7f -> 0x7f08
      a.sw('t1', 24, 's1');
      a.lh('t1', 9, 's0'); // bytes 0xff,0x00 -> 0x00ff
      a.sw('t1', 28, 's1');
      a.lh('t1', 11, 's0'); // 0x80 then 0 -> 0x0080
      a.sw('t1', 32, 's1');
      a.lh('t1', 3, 's0'); // 0x84,0x05 -> 0x0584
      a.sw('t1', 36, 's1');
      a.lh('t1', 5, 's0'); // 0x06,0x87 -> 0x8706 -> negative
      a.sw('t1', 40, 's1');
    }, { setup });
    const le = (i: number, n: number): number => {
      let v = 0;
      for (let j = n - 1; j >= 0; j--) v = v * 256 + (bytes[i + j] ?? 0);
      return v;
    };
    const got = (i: number): number => r.m.mem.read32(DATA + 0x100 + 4 * i) >>> 0;
    for (let off = 0; off < 4; off++) expect(hex(got(off))).toBe(hex(le(off, 4)));
    expect(hex(got(4))).toBe(hex((le(1, 2) << 16) >> 16));
    expect(hex(got(5))).toBe(hex(le(3, 2)));
    expect(hex(got(6))).toBe(hex(0x7f08));
    expect(hex(got(7))).toBe(hex(0x00ff));
    expect(hex(got(8))).toBe(hex(0x0080));
    expect(hex(got(9))).toBe(hex(0x0584));
    expect(hex(got(10))).toBe(hex(0xffff8706));
  });

  it('misaligned stores succeed at every offset', () => {
    const r = runM((a) => {
      a.li('s0', DATA);
      a.li('t0', 0x11223344);
      a.sw('t0', 1, 's0'); // bytes 1..4
      a.li('t0', 0x5566);
      a.sh('t0', 7, 's0'); // bytes 7..8
      a.li('t0', 0x778899aa);
      a.sw('t0', 11, 's0'); // bytes 11..14
      a.sw('t0', 22, 's0'); // bytes 22..25
    }, { setup: (m) => m.mem.fill(DATA, 32, 0) });
    expect(Array.from(r.m.mem.readBytes(DATA, 27))).toEqual([
      0, 0x44, 0x33, 0x22, 0x11, 0, 0, 0x66, 0x55, 0, 0, 0xaa, 0x99, 0x88, 0x77, 0, 0, 0, 0, 0, 0, 0, 0xaa, 0x99, 0x88, 0x77, 0,
    ]);
  });

  it('misaligned load and store across a 4 KiB page boundary (physical)', () => {
    const edge = DATA + 0x1000;
    const r = runM((a) => {
      a.li('s0', edge);
      a.lw('a0', -1, 's0'); // bytes edge-1 .. edge+2
      a.lw('a1', -3, 's0');
      a.lh('a2', -1, 's0');
      a.li('t0', 0xa1b2c3d4);
      a.sw('t0', -2, 's0'); // edge-2 .. edge+1
    }, {
      setup: (m) => m.mem.writeBytes(edge - 4, Uint8Array.from([0x01, 0x02, 0x03, 0x84, 0x95, 0x06, 0x07, 0x08])),
    });
    expect(hex(r.x('a0'))).toBe(hex(0x07069584));
    expect(hex(r.x('a1'))).toBe(hex(0x95840302));
    expect(hex(r.x('a2'))).toBe(hex(0xffff9584));
    expect(Array.from(r.m.mem.readBytes(edge - 4, 8))).toEqual([0x01, 0x02, 0xd4, 0xc3, 0xb2, 0xa1, 0x07, 0x08]);
  });
});

describe('branches', () => {
  const ops = ['beq', 'bne', 'blt', 'bge', 'bltu', 'bgeu'] as const;
  const ref: Record<(typeof ops)[number], (x: number, y: number) => boolean> = {
    beq: (x, y) => x === y,
    bne: (x, y) => x !== y,
    blt: (x, y) => (x | 0) < (y | 0),
    bge: (x, y) => (x | 0) >= (y | 0),
    bltu: (x, y) => u(x) < u(y),
    bgeu: (x, y) => u(x) >= u(y),
  };
  const values = [0, 1, -1, 0x7fffffff, 0x80000000 | 0, -2, 2];
  const pairs = pairsOf(values);

  it.each(ops)('%s is taken exactly when its condition holds (signed/unsigned edges)', (op) => {
    const r = runM((a) => {
      a.li('s0', DATA);
      pairs.forEach(([x, y], i) => {
        a.li('a0', x);
        a.li('a1', y);
        a.li('t0', 0);
        a[op]('a0', 'a1', `taken${i}`);
        a.j(`next${i}`);
        a.label(`taken${i}`);
        a.li('t0', 1);
        a.label(`next${i}`);
        a.sw('t0', 4 * i, 's0');
      });
      // Same register on both sides.
      a.li('t1', 0);
      a[op]('a0', 'a0', 'same');
      a.j('out');
      a.label('same');
      a.li('t1', 1);
      a.label('out');
    }, { max: 1_000_000 });
    pairs.forEach(([x, y], i) => expect(r.m.mem.read32(DATA + 4 * i), `${op} ${hex(x)}, ${hex(y)}`).toBe(ref[op](x, y) ? 1 : 0));
    expect(r.x('t1')).toBe(ref[op](1, 1) ? 1 : 0);
  });

  it('backward branches loop (sum 1..100) and forward branches skip', () => {
    const r = runM((a) => {
      a.li('a0', 0);
      a.li('t0', 100);
      a.label('loop');
      a.add('a0', 'a0', 't0');
      a.addi('t0', 't0', -1);
      a.bnez('t0', 'loop');
      a.beq('zero', 'zero', 'skip');
      a.li('a0', 0xbad);
      a.label('skip');
    });
    expect(r.x('a0')).toBe(5050);
  });

  it('a not-taken branch to a misaligned target does not trap', () => {
    const r = runM((a) => {
      a.li('a0', 1);
      a.beq('a0', 'zero', 6);
      a.addi('a1', 'x0', 9);
    });
    expect(r.x('a1')).toBe(9);
  });

  it('a taken branch to a misaligned target raises cause 0 with tval = target, epc = branch', () => {
    const r = run((a) => {
      a.li('a0', 1);
      a.label('br');
      a.bne('a0', 'zero', 6);
      a.ecall();
    });
    expectTrap(r, 0, r.at('br'), r.at('br') + 6);
    expect(r.m.cpu.pc >>> 0).toBe(r.at('br'));
  });
});

describe('jumps', () => {
  it('jal writes pc+4 to rd and jumps forwards and backwards', () => {
    const r = runM((a) => {
      a.j('start');
      a.label('back');
      a.jal('a1', 'fwd');
      a.label('start');
      a.label('j1');
      a.jal('a0', 'back');
      a.label('fwd');
      a.li('t0', 1);
    });
    expect(hex(r.x('a0'))).toBe(hex(r.at('j1') + 4));
    expect(hex(r.x('a1'))).toBe(hex(r.at('back') + 4));
    expect(r.x('t0')).toBe(1);
  });

  it('jalr computes (rs1 + imm) & ~1, writes pc+4, and works with rd == rs1', () => {
    const r = runM((a) => {
      a.la('t0', 'target');
      a.addi('t0', 't0', 1); // odd address: bit 0 is cleared by jalr
      a.label('j1');
      a.jalr('ra', -1, 't0'); // lands on target (t0 - 1 = target)
      a.li('a0', 0xbad);
      a.label('target');
      a.la('t1', 'target2');
      a.addi('t1', 't1', 8);
      a.label('j2');
      a.jalr('t1', -8, 't1'); // rd == rs1: target uses the old value
      a.li('a1', 0xbad);
      a.label('target2');
      a.la('t2', 'target3');
      a.label('j3');
      a.jalr('s1', 1, 't2'); // +1 -> bit 0 cleared
      a.label('target3');
      a.la('t3', 'sub');
      a.jalr('ra', 0, 't3');
      a.j('end');
      a.label('sub');
      a.li('a2', 42);
      a.ret();
    });
    expect(hex(r.x('ra'))).not.toBe(hex(0));
    expect(r.x('a0')).toBe(0);
    expect(r.x('a1')).toBe(0);
    expect(hex(r.x('t1'))).toBe(hex(r.at('j2') + 4));
    expect(hex(r.x('s1'))).toBe(hex(r.at('j3') + 4));
    expect(r.x('a2')).toBe(42);
  });

  it('jal to a misaligned target raises cause 0 (tval = target, epc = jal) without writing rd', () => {
    const r = run((a) => {
      a.li('ra', 0x1234);
      a.label('j');
      a.jal('ra', 6);
      a.ecall();
    });
    expectTrap(r, 0, r.at('j'), r.at('j') + 6);
    expect(r.x('ra')).toBe(0x1234);
    expect(r.m.cpu.instret).toBe(2); // li = lui + addi; the jal does not retire
  });

  it('jalr to a target with bit 1 set raises cause 0 without writing rd (also when rd == rs1)', () => {
    const r1 = run((a) => {
      a.la('t0', 'tgt');
      a.addi('t0', 't0', 2);
      a.li('a0', 77);
      a.label('j');
      a.jalr('a0', 0, 't0');
      a.label('tgt');
      a.ecall();
      a.ecall();
    });
    expectTrap(r1, 0, r1.at('j'), r1.at('tgt') + 2);
    expect(r1.x('a0')).toBe(77);

    const r2 = run((a) => {
      a.la('t0', 'tgt');
      a.label('j');
      a.jalr('t0', 3, 't0'); // (tgt + 3) & ~1 = tgt + 2
      a.label('tgt');
      a.ecall();
      a.ecall();
    });
    expectTrap(r2, 0, r2.at('j'), r2.at('tgt') + 2);
    expect(hex(r2.x('t0'))).toBe(hex(r2.at('tgt')));
  });
});

describe('fences and the instruction stream', () => {
  it('fence variants and fence.i execute as ordering no-ops', () => {
    const r = runM((a) => {
      a.li('a0', 1);
      a.fence();
      a.fence('rw', 'rw');
      a.fence('i', 'o');
      a.fence_tso();
      a.fence_i();
      a.addi('a0', 'a0', 1);
    });
    expect(r.x('a0')).toBe(2);
  });

  it('fence.i makes stores to code visible to instruction fetch (self-modifying code)', () => {
    // The loop runs `patch` twice: first as assembled (a0 += 1), then patched to a0 += 100.
    const r = runM((a) => {
      a.li('a0', 0);
      a.li('s1', 2);
      a.la('s0', 'patch');
      a.li('t1', new Asm().addi('a0', 'a0', 100).assemble()[0]!);
      a.label('loop');
      a.label('patch');
      a.addi('a0', 'a0', 1);
      a.sw('t1', 0, 's0');
      a.fence_i();
      a.addi('s1', 's1', -1);
      a.bnez('s1', 'loop');
    });
    expect(r.x('a0')).toBe(101);
  });

  it('a program can generate and then call code it wrote (with fence.i)', () => {
    const r = runM((a) => {
      a.li('s0', DATA);
      const gen = new Asm().li('a0', 42).ret().assemble();
      a.li('t0', gen[0]!);
      a.sw('t0', 0, 's0');
      a.li('t0', gen[1]!);
      a.sw('t0', 4, 's0');
      a.fence_i();
      a.jalr('ra', 0, 's0');
    });
    expect(r.x('a0')).toBe(42);
  });

  it('re-executes code that was rewritten by stores after it ran once (data page turned code page)', () => {
    const gen42 = new Asm().li('a0', 42).ret().assemble();
    const gen7 = new Asm().li('a0', 7).assemble();
    const r = runM((a) => {
      a.li('s0', DATA);
      a.sw('zero', 8, 's0'); // a plain data store into the page first
      a.li('t0', gen42[0]!);
      a.sw('t0', 0, 's0');
      a.li('t0', gen42[1]!);
      a.sw('t0', 4, 's0');
      a.fence_i();
      a.jalr('ra', 0, 's0');
      a.mv('s1', 'a0');
      a.li('t0', gen7[0]!);
      a.sw('t0', 0, 's0'); // patch the code that ran
      a.fence_i();
      a.jalr('ra', 0, 's0');
      a.mv('s2', 'a0');
    });
    expect(r.x('s1')).toBe(42);
    expect(r.x('s2')).toBe(7);
  });

  it('host writes to code between runs take effect', () => {
    const r = run((a) => {
      a.label('top');
      a.addi('a0', 'a0', 1);
      a.ecall();
    });
    expectTrap(r, 11);
    expect(r.x('a0')).toBe(1);
    r.m.mem.write32(RAM_BASE, new Asm().addi('a0', 'a0', 10).assemble()[0]!);
    r.m.cpu.pc = RAM_BASE;
    expect(r.m.cpu.run(100)).toMatchObject({ kind: 'trap', cause: 11 });
    expect(r.x('a0')).toBe(11);
  });
});

describe('retirement', () => {
  it('counts each retired instruction once; the trapping ecall does not retire', () => {
    const r = runM((a) => {
      for (let i = 0; i < 10; i++) a.nop();
      a.li('t0', 3);
      a.label('l');
      a.addi('t0', 't0', -1);
      a.bnez('t0', 'l');
    });
    expect(r.m.cpu.instret).toBe(10 + 1 + 3 * 2);
  });

  it('stops after exactly the budget and resumes where it stopped', () => {
    const r = run((a) => {
      for (let i = 0; i < 20; i++) a.addi('a0', 'a0', 1);
      a.ecall();
    }, { max: 7 });
    expect(r.exit.kind).toBe('budget');
    expect(r.x('a0')).toBe(7);
    expect(r.m.cpu.pc >>> 0).toBe(RAM_BASE + 28);
    const e = r.m.cpu.run(100);
    expect(e).toMatchObject({ kind: 'trap', cause: 11, epc: RAM_BASE + 80 });
    expect(r.x('a0')).toBe(20);
    expect(r.m.cpu.instret).toBe(20);
  });
});
