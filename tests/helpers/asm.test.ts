// Encodings of the test assembler (tests/helpers/asm.ts) against golden words produced once by
// GNU as (riscv64-unknown-elf-as -march=rv32im_zicsr_zifencei -mabi=ilp32 -mno-relax, linked at
// 0x80000000 with riscv64-unknown-elf-ld --no-relax). CI has no RISC-V toolchain, so the words are
// committed here; `node tests/helpers/asm-golden-check.mjs` re-derives them where the toolchain exists.
// Numeric branch/jump targets in the GNU text are written `.+N` (offset from the instruction).
import { describe, expect, it } from 'vitest';
import { Asm, CSR, asm, csrNum, hiLo, reg } from './asm.js';

type Case = [gnu: string, build: (a: Asm) => Asm, words: number[]];

const GOLDEN: Case[] = [
  ['lui a0, 0x12345', (a) => a.lui('a0', 0x12345), [0x12345537]],
  ['lui t6, 0xfffff', (a) => a.lui('t6', 0xfffff), [0xffffffb7]],
  ['lui x1, 0', (a) => a.lui('x1', 0), [0x000000b7]],
  ['lui sp, 0x80000', (a) => a.lui('sp', 0x80000), [0x80000137]],
  ['auipc a0, 0x1', (a) => a.auipc('a0', 0x1), [0x00001517]],
  ['auipc s11, 0xfffff', (a) => a.auipc('s11', 0xfffff), [0xfffffd97]],
  ['jal ra, .+2048', (a) => a.jal('ra', 2048), [0x001000ef]],
  ['jal zero, .-4', (a) => a.jal('zero', -4), [0xffdff06f]],
  ['jal x5, .+1048574', (a) => a.jal('x5', 1048574), [0x7ffff2ef]],
  ['jal a0, .-1048576', (a) => a.jal('a0', -1048576), [0x8000056f]],
  ['jal ra, .+0', (a) => a.jal('ra', 0), [0x000000ef]],
  ['jalr ra, 0(a0)', (a) => a.jalr('ra', 0, 'a0'), [0x000500e7]],
  ['jalr zero, -2048(t0)', (a) => a.jalr('zero', -2048, 't0'), [0x80028067]],
  ['jalr x5, 2047(x6)', (a) => a.jalr('x5', 2047, 'x6'), [0x7ff302e7]],
  ['beq a0, a1, .+4094', (a) => a.beq('a0', 'a1', 4094), [0x7eb50fe3]],
  ['beq x0, x31, .-4096', (a) => a.beq('x0', 'x31', -4096), [0x81f00063]],
  ['bne t0, t1, .+8', (a) => a.bne('t0', 't1', 8), [0x00629463]],
  ['blt s0, s1, .-2', (a) => a.blt('s0', 's1', -2), [0xfe944fe3]],
  ['bge a2, a3, .+2048', (a) => a.bge('a2', 'a3', 2048), [0x00d650e3]],
  ['bltu a4, a5, .-2048', (a) => a.bltu('a4', 'a5', -2048), [0x80f760e3]],
  ['bgeu x31, x1, .+2', (a) => a.bgeu('x31', 'x1', 2), [0x001ff163]],
  ['lb a0, -2048(sp)', (a) => a.lb('a0', -2048, 'sp'), [0x80010503]],
  ['lh a1, 2(a2)', (a) => a.lh('a1', 2, 'a2'), [0x00261583]],
  ['lw a0, 2047(a1)', (a) => a.lw('a0', 2047, 'a1'), [0x7ff5a503]],
  ['lbu t0, -1(t1)', (a) => a.lbu('t0', -1, 't1'), [0xfff34283]],
  ['lhu s0, 0(s1)', (a) => a.lhu('s0', 0, 's1'), [0x0004d403]],
  ['sb a0, -1(sp)', (a) => a.sb('a0', -1, 'sp'), [0xfea10fa3]],
  ['sh t2, 6(gp)', (a) => a.sh('t2', 6, 'gp'), [0x00719323]],
  ['sw x31, 2047(x1)', (a) => a.sw('x31', 2047, 'x1'), [0x7ff0afa3]],
  ['sw zero, -2048(x31)', (a) => a.sw('zero', -2048, 'x31'), [0x800fa023]],
  ['addi a0, a0, -2048', (a) => a.addi('a0', 'a0', -2048), [0x80050513]],
  ['addi zero, zero, 0', (a) => a.addi('zero', 'zero', 0), [0x00000013]],
  ['addi sp, sp, 2047', (a) => a.addi('sp', 'sp', 2047), [0x7ff10113]],
  ['slti a0, a1, -1', (a) => a.slti('a0', 'a1', -1), [0xfff5a513]],
  ['sltiu a0, a1, -1', (a) => a.sltiu('a0', 'a1', -1), [0xfff5b513]],
  ['sltiu t0, t1, 2047', (a) => a.sltiu('t0', 't1', 2047), [0x7ff33293]],
  ['xori a0, a1, -1', (a) => a.xori('a0', 'a1', -1), [0xfff5c513]],
  ['ori s2, s3, 0x555', (a) => a.ori('s2', 's3', 0x555), [0x5559e913]],
  ['andi t3, t4, -2048', (a) => a.andi('t3', 't4', -2048), [0x800efe13]],
  ['slli a0, a1, 31', (a) => a.slli('a0', 'a1', 31), [0x01f59513]],
  ['slli a0, a1, 0', (a) => a.slli('a0', 'a1', 0), [0x00059513]],
  ['srli a2, a3, 1', (a) => a.srli('a2', 'a3', 1), [0x0016d613]],
  ['srai a4, a5, 31', (a) => a.srai('a4', 'a5', 31), [0x41f7d713]],
  ['srai x1, x2, 0', (a) => a.srai('x1', 'x2', 0), [0x40015093]],
  ['add a0, a1, a2', (a) => a.add('a0', 'a1', 'a2'), [0x00c58533]],
  ['sub x31, x30, x29', (a) => a.sub('x31', 'x30', 'x29'), [0x41df0fb3]],
  ['sll t0, t1, t2', (a) => a.sll('t0', 't1', 't2'), [0x007312b3]],
  ['slt s0, s1, s2', (a) => a.slt('s0', 's1', 's2'), [0x0124a433]],
  ['sltu a3, a4, a5', (a) => a.sltu('a3', 'a4', 'a5'), [0x00f736b3]],
  ['xor a6, a7, s3', (a) => a.xor('a6', 'a7', 's3'), [0x0138c833]],
  ['srl s4, s5, s6', (a) => a.srl('s4', 's5', 's6'), [0x016ada33]],
  ['sra s7, s8, s9', (a) => a.sra('s7', 's8', 's9'), [0x419c5bb3]],
  ['or s10, s11, t3', (a) => a.or('s10', 's11', 't3'), [0x01cded33]],
  ['and t4, t5, t6', (a) => a.and('t4', 't5', 't6'), [0x01ff7eb3]],
  ['fence', (a) => a.fence(), [0x0ff0000f]],
  ['fence rw, rw', (a) => a.fence('rw', 'rw'), [0x0330000f]],
  ['fence i, o', (a) => a.fence('i', 'o'), [0x0840000f]],
  ['fence r, w', (a) => a.fence('r', 'w'), [0x0210000f]],
  ['fence.tso', (a) => a.fence_tso(), [0x8330000f]],
  ['fence.i', (a) => a.fence_i(), [0x0000100f]],
  ['ecall', (a) => a.ecall(), [0x00000073]],
  ['ebreak', (a) => a.ebreak(), [0x00100073]],
  ['csrrw a0, mstatus, a1', (a) => a.csrrw('a0', 'mstatus', 'a1'), [0x30059573]],
  ['csrrs t0, mepc, zero', (a) => a.csrrs('t0', 'mepc', 'zero'), [0x341022f3]],
  ['csrrc x0, mie, a2', (a) => a.csrrc('x0', 'mie', 'a2'), [0x30463073]],
  ['csrrwi a0, mtvec, 31', (a) => a.csrrwi('a0', 'mtvec', 31), [0x305fd573]],
  ['csrrsi a1, sstatus, 2', (a) => a.csrrsi('a1', 'sstatus', 2), [0x100165f3]],
  ['csrrci zero, sie, 0', (a) => a.csrrci('zero', 'sie', 0), [0x10407073]],
  ['csrrw zero, 0xfff, x1', (a) => a.csrrw('zero', 0xfff, 'x1'), [0xfff09073]],
  ['csrrs a0, cycle, x0', (a) => a.csrrs('a0', 'cycle', 'x0'), [0xc0002573]],
  ['csrrw x0, satp, a0', (a) => a.csrrw('x0', 'satp', 'a0'), [0x18051073]],
  ['csrrs a5, mhartid, zero', (a) => a.csrrs('a5', 'mhartid', 'zero'), [0xf14027f3]],
  ['csrrw s1, medeleg, t6', (a) => a.csrrw('s1', 'medeleg', 't6'), [0x302f94f3]],
  ['csrrs a0, instreth, zero', (a) => a.csrrs('a0', 'instreth', 'zero'), [0xc8202573]],
  ['mul a0, a1, a2', (a) => a.mul('a0', 'a1', 'a2'), [0x02c58533]],
  ['mulh a3, a4, a5', (a) => a.mulh('a3', 'a4', 'a5'), [0x02f716b3]],
  ['mulhsu t0, t1, t2', (a) => a.mulhsu('t0', 't1', 't2'), [0x027322b3]],
  ['mulhu s0, s1, s2', (a) => a.mulhu('s0', 's1', 's2'), [0x0324b433]],
  ['div x31, x30, x29', (a) => a.div('x31', 'x30', 'x29'), [0x03df4fb3]],
  ['divu a0, zero, a1', (a) => a.divu('a0', 'zero', 'a1'), [0x02b05533]],
  ['rem t3, t4, t5', (a) => a.rem('t3', 't4', 't5'), [0x03eeee33]],
  ['remu a6, a7, t6', (a) => a.remu('a6', 'a7', 't6'), [0x03f8f833]],
  ['mret', (a) => a.mret(), [0x30200073]],
  ['sret', (a) => a.sret(), [0x10200073]],
  ['wfi', (a) => a.wfi(), [0x10500073]],
  ['sfence.vma', (a) => a.sfence_vma(), [0x12000073]],
  ['sfence.vma a0', (a) => a.sfence_vma('a0'), [0x12050073]],
  ['sfence.vma a0, a1', (a) => a.sfence_vma('a0', 'a1'), [0x12b50073]],
  ['sfence.vma zero, t0', (a) => a.sfence_vma('zero', 't0'), [0x12500073]],
  ['nop', (a) => a.nop(), [0x00000013]],
  ['mv a0, sp', (a) => a.mv('a0', 'sp'), [0x00010513]],
  ['not t0, t1', (a) => a.not('t0', 't1'), [0xfff34293]],
  ['neg a1, a2', (a) => a.neg('a1', 'a2'), [0x40c005b3]],
  ['seqz a3, a4', (a) => a.seqz('a3', 'a4'), [0x00173693]],
  ['snez a5, a6', (a) => a.snez('a5', 'a6'), [0x010037b3]],
  ['j .+8', (a) => a.j(8), [0x0080006f]],
  ['j .-8', (a) => a.j(-8), [0xff9ff06f]],
  ['jr a0', (a) => a.jr('a0'), [0x00050067]],
  ['ret', (a) => a.ret(), [0x00008067]],
  ['csrr a0, mcause', (a) => a.csrr('a0', 'mcause'), [0x34202573]],
  ['csrw mscratch, sp', (a) => a.csrw('mscratch', 'sp'), [0x34011073]],
  ['csrs mip, a1', (a) => a.csrs('mip', 'a1'), [0x3445a073]],
  ['csrc mstatus, t0', (a) => a.csrc('mstatus', 't0'), [0x3002b073]],
  ['csrwi mie, 8', (a) => a.csrwi('mie', 8), [0x30445073]],
  ['csrsi sstatus, 2', (a) => a.csrsi('sstatus', 2), [0x10016073]],
  ['csrci mstatus, 8', (a) => a.csrci('mstatus', 8), [0x30047073]],
  ['rdcycle a0', (a) => a.rdcycle('a0'), [0xc0002573]],
  ['rdtime a1', (a) => a.rdtime('a1'), [0xc01025f3]],
  ['rdinstret a2', (a) => a.rdinstret('a2'), [0xc0202673]],
  ['rdcycleh a3', (a) => a.rdcycleh('a3'), [0xc80026f3]],
  ['li a0, 0x12345678', (a) => a.li('a0', 0x12345678), [0x12345537, 0x67850513]],
  ['li a0, -1', (a) => a.li('a0', -1), [0xfff00513]],
  ['li a0, 0xffffffff', (a) => a.li('a0', 0xffffffff), [0xfff00513]],
  ['li a0, 0x800', (a) => a.li('a0', 0x800), [0x00001537, 0x80050513]],
  ['li a0, 0x7ff', (a) => a.li('a0', 0x7ff), [0x7ff00513]],
  ['li a0, -2048', (a) => a.li('a0', -2048), [0x80000513]],
  ['li a0, -2049', (a) => a.li('a0', -2049), [0xfffff537, 0x7ff50513]],
  ['li a0, 0x80000000', (a) => a.li('a0', 0x80000000), [0x80000537]],
  ['li a0, 0xfffff800', (a) => a.li('a0', 0xfffff800), [0x80000513]],
  ['li a0, 0x12345000', (a) => a.li('a0', 0x12345000), [0x12345537]],
  ['li a0, 0x7fffffff', (a) => a.li('a0', 0x7fffffff), [0x80000537, 0xfff50513]],
  ['li a0, 0x7ffff800', (a) => a.li('a0', 0x7ffff800), [0x80000537, 0x80050513]],
  ['li t0, 0x80000fff', (a) => a.li('t0', 0x80000fff), [0x800012b7, 0xfff28293]],
  ['li a0, 0', (a) => a.li('a0', 0), [0x00000513]],
];

describe('Asm encodings match GNU as', () => {
  it('has a representative table', () => {
    expect(GOLDEN.length).toBeGreaterThanOrEqual(80);
  });
  it.each(GOLDEN)('%s', (_gnu, build, words) => {
    const got = Array.from(build(asm()).assemble(), (w) => w.toString(16).padStart(8, '0'));
    expect(got).toEqual(words.map((w) => (w >>> 0).toString(16).padStart(8, '0')));
  });
});

// GNU source of PROGRAM_WORDS (assembled and linked at 0x80000000):
/*
_start:
  la a0, data
  li t0, 0x12345678
  lui a1, %hi(data)
  addi a1, a1, %lo(data)
  j fwd
back:
  addi a1, a1, 1
  beq a1, a2, done
fwd:
  bne a0, zero, back
  jal ra, func
  bltu a0, a1, back
done:
  ecall
func:
  ret
  .balign 16, 0
data:
  .word 0xdeadbeef
  .word data
  .word done+4
  .org 0x60
far:
  la t1, _start
  j _start
*/
const PROGRAM_WORDS = [
  0x00000517, 0x04050513, 0x123452b7, 0x67828293, 0x800005b7, 0x04058593, 0x00c0006f, 0x00158593, 0x00c58863, 0xfe051ce3, 0x00c000ef, 0xfeb568e3, 0x00000073, 0x00008067, 0x00000000, 0x00000000, 0xdeadbeef, 0x80000040, 0x80000034, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000317, 0xfa030313, 0xf99ff06f,
];

function buildProgram(): Asm {
  const a = asm(0x8000_0000);
  a.label('_start');
  a.la('a0', 'data');
  a.li('t0', 0x12345678);
  a.li('a1', 'data');
  a.j('fwd');
  a.label('back');
  a.addi('a1', 'a1', 1);
  a.beq('a1', 'a2', 'done');
  a.label('fwd');
  a.bne('a0', 'zero', 'back');
  a.jal('ra', 'func');
  a.bltu('a0', 'a1', 'back');
  a.label('done');
  a.ecall();
  a.label('func');
  a.ret();
  a.align(16);
  a.label('data');
  a.word(0xdeadbeef);
  a.word('data');
  a.word('done', 4);
  a.org(0x8000_0060);
  a.label('far');
  a.la('t1', '_start');
  a.j('_start');
  return a;
}

describe('Asm labels, fixups and layout', () => {
  it('assembles a program with forward/backward labels like GNU as + ld', () => {
    const got = Array.from(buildProgram().assemble(), (w) => w.toString(16).padStart(8, '0'));
    expect(got).toEqual(PROGRAM_WORDS.map((w) => w.toString(16).padStart(8, '0')));
  });

  it('reports label addresses and the location counter', () => {
    const a = buildProgram();
    expect(a.addressOf('_start')).toBe(0x8000_0000);
    expect(a.addressOf('back')).toBe(0x8000_001c);
    expect(a.addressOf('done')).toBe(0x8000_0030);
    expect(a.addressOf('data')).toBe(0x8000_0040);
    expect(a.addressOf('far')).toBe(0x8000_0060);
    expect(a.here).toBe(0x8000_006c);
    expect(a.length).toBe(27);
    expect(a.hasLabel('far')).toBe(true);
    expect(a.hasLabel('nope')).toBe(false);
  });

  it('bytes() is the little-endian image of assemble()', () => {
    const a = asm(0x1000).word(0x11223344).lui('a0', 0xabcde);
    expect(Array.from(a.bytes())).toEqual([0x44, 0x33, 0x22, 0x11, 0x37, 0xe5, 0xcd, 0xab]);
  });

  it('supports a non-default base and label-relative branches at the range limits', () => {
    const a = asm(0x1000);
    a.label('top');
    a.beq('a0', 'a1', 'end');
    a.space(4090 - 2); // 4088 bytes: end = top + 4 + 4088 = top + 4092
    a.label('end');
    a.bne('a0', 'a1', 'top');
    const w = a.assemble();
    expect(a.addressOf('end')).toBe(0x1000 + 4092);
    expect(w[0]).toBe(0x7eb50ee3); // beq a0, a1, .+4092
    expect(w[w.length - 1]).toBe(0x80b51263); // bne a0, a1, .-4092
  });

  it('pads org/align/space with zero words', () => {
    const a = asm(0x8000_0000).nop().align(16).word(1).org(0x8000_0020).word(2).space(8).word(3);
    expect(Array.from(a.assemble())).toEqual([0x13, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 3]);
  });
});

describe('Asm operands and errors', () => {
  it('accepts x names, ABI names, fp and numbers for registers', () => {
    expect(reg('x0')).toBe(0);
    expect(reg('zero')).toBe(0);
    expect(reg('x31')).toBe(31);
    expect(reg('t6')).toBe(31);
    expect(reg('fp')).toBe(8);
    expect(reg('s0')).toBe(8);
    expect(reg('a0')).toBe(10);
    expect(reg(17)).toBe(17);
    expect(() => reg('x32')).toThrow();
    expect(() => reg(32)).toThrow();
    expect(() => reg('q1' as never)).toThrow();
  });

  it('knows CSR names', () => {
    expect(csrNum('satp')).toBe(0x180);
    expect(csrNum('mstatus')).toBe(CSR.mstatus);
    expect(csrNum(0x7c0)).toBe(0x7c0);
    expect(() => csrNum(0x1000)).toThrow();
    expect(() => csrNum('bogus' as never)).toThrow();
  });

  it('rejects out-of-range immediates and odd offsets', () => {
    expect(() => asm().addi('a0', 'a0', 2048)).toThrow();
    expect(() => asm().addi('a0', 'a0', -2049)).toThrow();
    expect(() => asm().lw('a0', 2048, 'sp')).toThrow();
    expect(() => asm().sw('a0', -2049, 'sp')).toThrow();
    expect(() => asm().slli('a0', 'a0', 32)).toThrow();
    expect(() => asm().srai('a0', 'a0', -1)).toThrow();
    expect(() => asm().lui('a0', 0x100000)).toThrow();
    expect(() => asm().beq('a0', 'a0', 4096)).toThrow();
    expect(() => asm().beq('a0', 'a0', 3)).toThrow();
    expect(() => asm().jal('ra', 1 << 20)).toThrow();
    expect(() => asm().csrrwi('a0', 'mstatus', 32)).toThrow();
    expect(() => asm().li('a0', 2 ** 32)).toThrow();
    expect(() => asm().fence('x', 'r')).toThrow();
  });

  it('rejects undefined and duplicate labels and out-of-range label branches', () => {
    expect(() => asm().j('nowhere').assemble()).toThrow(/nowhere/);
    expect(() => asm().label('a').label('a')).toThrow(/duplicate/);
    expect(() => asm().beq('a0', 'a1', 'far').space(4096).label('far').assemble()).toThrow();
    expect(() => asm().addressOf('x')).toThrow();
    expect(() => asm(0x8000_0010).org(0x8000_0000)).toThrow();
  });

  it('li materialises any 32-bit value exactly', () => {
    const values = [0, 1, -1, 2047, 2048, -2048, -2049, 0x7fffffff, 0x80000000, 0xffffffff, 0x800, 0xfff, 0x1000, 0x7ffff800, 0x12345678, 0xdeadbeef];
    let seed = 0x9e3779b9;
    for (let i = 0; i < 200; i++) {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      values.push(seed >>> 0);
    }
    for (const v of values) {
      const w = asm().li('a0', v).assemble();
      // Evaluate the lui/addi sequence.
      let x = 0;
      for (const ins of w) {
        if ((ins & 0x7f) === 0x37) x = ins & 0xfffff000;
        else if ((ins & 0x7f) === 0x13) x = (((ins >> 15) & 31) === 0 ? 0 : x) + (ins >> 20);
        else throw new Error('unexpected instruction');
      }
      expect(x >>> 0).toBe(v >>> 0);
      expect(w.length).toBeLessThanOrEqual(2);
      const { hi, lo } = hiLo(v);
      expect(((hi << 12) + lo) >>> 0).toBe(v >>> 0);
    }
  });
});
