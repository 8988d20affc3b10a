// The block compiler: turns a run of RV32IM instructions from one physical page into a JavaScript
// function (a "block") that V8 then optimises. A block runs straight-line code with an inline TLB
// fast path for loads and stores, continues past not-taken branches, and ends at a jump, a system
// instruction, the end of the page or a length cap. It returns how many instructions retired and
// leaves the next pc in c.pc; a trap raised at instruction k returns k (that one did not retire).

import type { Cpu } from './cpu.js';

/** A compiled block: entry pc (virtual), its maximal length and its code. */
export interface Block {
  readonly pc: number;
  readonly n: number;
  readonly fn: () => number;
}

/** Longest block in instructions (a block never crosses a page either). */
export const MAX_BLOCK = 128;

const VIEW = ['s8', 's16', 'm32', '', 'm8', 'm16'];
const SHIFT = [0, 1, 2, 0, 0, 1];
const ALIGN = [0, 1, 3, 0, 0, 1];

type Factory = (c: Cpu, x: Int32Array, m8: Uint8Array, s8: Int8Array, m16: Uint16Array, s16: Int16Array,
  m32: Int32Array, tR: Int32Array, oR: Int32Array, tW: Int32Array, oW: Int32Array,
  mulh: typeof mulhFn, mulhu: typeof mulhuFn, mulhsu: typeof mulhsuFn) => () => number;

const factories = new Map<string, Factory>();
const FACTORY_CACHE_LIMIT = 50_000;

/** High 32 bits of the unsigned 64-bit product of a and b. */
export function mulhuFn(a: number, b: number): number {
  a >>>= 0; b >>>= 0;
  const al = a & 0xffff, ah = a >>> 16, bl = b & 0xffff, bh = b >>> 16;
  const lh = al * bh, hl = ah * bl;
  const mid = ((al * bl) >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (ah * bh + (lh >>> 16) + (hl >>> 16) + Math.floor(mid / 65536)) | 0;
}
/** High 32 bits of the signed 64-bit product. */
export function mulhFn(a: number, b: number): number {
  return (mulhuFn(a, b) - (a < 0 ? b : 0) - (b < 0 ? a : 0)) | 0;
}
/** High 32 bits of signed a times unsigned b. */
export function mulhsuFn(a: number, b: number): number {
  return (mulhuFn(a, b) - (a < 0 ? b : 0)) | 0;
}

const R = (i: number): string => (i === 0 ? '0' : `x[${i}]`);
const hex = (v: number): string => `0x${(v >>> 0).toString(16)}`;

/** Side outputs of emit(): whether the instruction ends the block, and its loads/stores. */
let gEnds = false, gLoads = 0, gStores = 0;
function out(code: string, ends: boolean, loads: number, stores: number): string {
  gEnds = ends; gLoads = loads; gStores = stores;
  return code;
}

/**
 * Emits one instruction's JavaScript; block-ending and access counts go to gEnds/gLoads/gStores.
 * (Returned as side outputs rather than a tuple: TurboFan in Node 20 miscompiled the tuple form.)
 */
function emit(w: number, pc: number, k: number, nl: number, ns: number): string {
  const op = w & 0x7f, rd = (w >>> 7) & 31, f3 = (w >>> 12) & 7, rs1 = (w >>> 15) & 31, rs2 = (w >>> 20) & 31;
  const f7 = w >>> 25;
  const immI = w >> 20;
  const next = (pc + 4) >>> 0;
  // Every exit accounts the loads/stores issued so far in this block (for TLB statistics).
  const acct = (l: number, s: number): string => (l ? `c.nLoads+=${l};` : '') + (s ? `c.nStores+=${s};` : '');
  const exitTo = (target: string, retired: number, l = nl, s = ns): string => `${acct(l, s)}c.pc=${target};return ${retired};`;
  const trap = (cause: number, tval: string): string => `c.raise(${cause},${tval},${hex(pc)});${acct(nl, ns)}return ${k};`;
  const illegal = (): string => out(trap(2, hex(w)), true, 0, 0);
  const set = (expr: string): string => (rd === 0 ? '' : `x[${rd}]=${expr};`);

  switch (op) {
    case 0x37: return out(set(`${w & 0xfffff000}`), false, 0, 0);
    case 0x17: return out(set(`${(pc + (w & 0xfffff000)) | 0}`), false, 0, 0);
    case 0x6f: { // JAL
      const imm = ((w >> 31) << 20) | (((w >>> 12) & 0xff) << 12) | (((w >>> 20) & 1) << 11) | (((w >>> 21) & 0x3ff) << 1);
      const target = (pc + imm) >>> 0;
      if (target & 3) return out(trap(0, hex(target)), true, 0, 0);
      return out(set(`${next | 0}`) + exitTo(hex(target), k + 1), true, 0, 0);
    }
    case 0x67: { // JALR
      if (f3 !== 0) return illegal();
      return out(`t=(${R(rs1)}+${immI})&-2;if(t&2){c.raise(0,t>>>0,${hex(pc)});${acct(nl, ns)}return ${k};}`
        + set(`${next | 0}`) + exitTo('t>>>0', k + 1), true, 0, 0);
    }
    case 0x63: { // branches: taken exits, not taken falls through inside the block
      const imm = ((w >> 31) << 12) | (((w >>> 7) & 1) << 11) | (((w >>> 25) & 0x3f) << 5) | (((w >>> 8) & 0xf) << 1);
      const target = (pc + imm) >>> 0;
      const a = R(rs1), b = R(rs2);
      let cond: string;
      switch (f3) {
        case 0: cond = `${a}===${b}`; break;
        case 1: cond = `${a}!==${b}`; break;
        case 4: cond = `${a}<${b}`; break;
        case 5: cond = `${a}>=${b}`; break;
        case 6: cond = `(${a}>>>0)<(${b}>>>0)`; break;
        case 7: cond = `(${a}>>>0)>=(${b}>>>0)`; break;
        default: return illegal();
      }
      const taken = target & 3 ? `c.raise(0,${hex(target)},${hex(pc)});${acct(nl, ns)}return ${k};` : exitTo(hex(target), k + 1);
      return out(`if(${cond}){${taken}}`, false, 0, 0);
    }
    case 0x03: { // loads
      if (f3 === 3 || f3 > 5) return illegal();
      const dst = rd === 0 ? 't' : `x[${rd}]`;
      const al = ALIGN[f3]! ? `&&(a&${ALIGN[f3]})===0` : '';
      return out(`a=(${R(rs1)}+${immI})|0;v=a>>>12;i=v&255;`
        + `if(tR[i]===v${al})${dst}=${VIEW[f3]}[(a+oR[i])>>>${SHIFT[f3]}];`
        + `else{t=c.ld(a,${f3},${hex(pc)});if(c.trapped){${acct(nl + 1, ns)}return ${k};}${rd === 0 ? '' : `${dst}=t;`}}`, false, 1, 0);
    }
    case 0x23: { // stores
      if (f3 > 2) return illegal();
      const imm = ((w >> 25) << 5) | ((w >>> 7) & 31);
      const al = ALIGN[f3]! ? `&&(a&${ALIGN[f3]})===0` : '';
      const view = ['m8', 'm16', 'm32'][f3];
      return out(`a=(${R(rs1)}+${imm})|0;v=a>>>12;i=v&255;`
        + `if(tW[i]===v${al})${view}[(a+oW[i])>>>${SHIFT[f3]}]=${R(rs2)};`
        + `else{c.st(a,${R(rs2)},${f3},${hex(pc)});if(c.brk){if(c.trapped){${acct(nl, ns + 1)}return ${k};}${exitTo(hex(next), k + 1, nl, ns + 1)}}}`, false, 0, 1);
    }
    case 0x13: { // OP-IMM
      const a = R(rs1);
      switch (f3) {
        case 0: return out(set(`(${a}+${immI})|0`), false, 0, 0);
        case 2: return out(set(`${a}<${immI}?1:0`), false, 0, 0);
        case 3: return out(set(`(${a}>>>0)<${immI >>> 0}?1:0`), false, 0, 0);
        case 4: return out(set(`${a}^${immI}`), false, 0, 0);
        case 6: return out(set(`${a}|${immI}`), false, 0, 0);
        case 7: return out(set(`${a}&${immI}`), false, 0, 0);
        case 1: return f7 === 0 ? out(set(`${a}<<${rs2}`), false, 0, 0) : illegal();
        case 5:
          if (f7 === 0) return out(set(`(${a}>>>${rs2})|0`), false, 0, 0);
          if (f7 === 0x20) return out(set(`${a}>>${rs2}`), false, 0, 0);
          return illegal();
      }
      return illegal();
    }
    case 0x33: { // OP and M extension
      const a = R(rs1), b = R(rs2);
      if (f7 === 1) {
        switch (f3) {
          case 0: return out(set(`Math.imul(${a},${b})`), false, 0, 0);
          case 1: return out(set(`mulh(${a},${b})`), false, 0, 0);
          case 2: return out(set(`mulhsu(${a},${b})`), false, 0, 0);
          case 3: return out(set(`mulhu(${a},${b})`), false, 0, 0);
          case 4: return out(rd ? `p=${a};q=${b};x[${rd}]=q===0?-1:(p===-2147483648&&q===-1)?p:(p/q)|0;` : '', false, 0, 0);
          case 5: return out(rd ? `p=${a}>>>0;q=${b}>>>0;x[${rd}]=q===0?-1:(p/q)|0;` : '', false, 0, 0);
          case 6: return out(rd ? `p=${a};q=${b};x[${rd}]=q===0?p:(p===-2147483648&&q===-1)?0:(p%q)|0;` : '', false, 0, 0);
          case 7: return out(rd ? `p=${a}>>>0;q=${b}>>>0;x[${rd}]=q===0?p|0:(p%q)|0;` : '', false, 0, 0);
        }
      }
      if (f7 === 0) {
        switch (f3) {
          case 0: return out(set(`(${a}+${b})|0`), false, 0, 0);
          case 1: return out(set(`${a}<<(${b}&31)`), false, 0, 0);
          case 2: return out(set(`${a}<${b}?1:0`), false, 0, 0);
          case 3: return out(set(`(${a}>>>0)<(${b}>>>0)?1:0`), false, 0, 0);
          case 4: return out(set(`${a}^${b}`), false, 0, 0);
          case 5: return out(set(`(${a}>>>(${b}&31))|0`), false, 0, 0);
          case 6: return out(set(`${a}|${b}`), false, 0, 0);
          case 7: return out(set(`${a}&${b}`), false, 0, 0);
        }
      }
      if (f7 === 0x20 && f3 === 0) return out(set(`(${a}-${b})|0`), false, 0, 0);
      if (f7 === 0x20 && f3 === 5) return out(set(`${a}>>(${b}&31)`), false, 0, 0);
      return illegal();
    }
    case 0x0f: // FENCE is a no-op here; FENCE.I ends the block (stores already invalidated code)
      if (f3 === 0) return out('', false, 0, 0);
      if (f3 === 1) return out(exitTo(hex(next), k + 1), true, 0, 0);
      return illegal();
    case 0x73: { // SYSTEM
      if (f3 === 0) {
        const after = `if(c.trapped){${acct(nl, ns)}return ${k};}${acct(nl, ns)}return ${k + 1};`;
        if (w === 0x00000073) return out(`c.ecall(${hex(pc)});${acct(nl, ns)}return ${k};`, true, 0, 0);
        if (w === 0x00100073) return out(trap(3, hex(pc)), true, 0, 0);
        if (w === 0x30200073) return out(`c.mret(${hex(pc)});${after}`, true, 0, 0);
        if (w === 0x10200073) return out(`c.sret(${hex(pc)});${after}`, true, 0, 0);
        if (w === 0x10500073) return out(`c.wfi(${hex(pc)});${after}`, true, 0, 0);
        if (f7 === 0x09 && rd === 0) return out(`c.sfence(${rs1},${rs2},${hex(pc)});${after}`, true, 0, 0);
        return illegal();
      }
      if (f3 === 4) return illegal();
      const src = f3 < 4 ? R(rs1) : `${rs1}`;
      return out(`c.csr(${f3},${w >>> 20},${src},${rs1},${rd},${hex(pc)},${k});`
        + `if(c.trapped){${acct(nl, ns)}return ${k};}${exitTo(hex(next), k + 1)}`, true, 0, 0);
    }
  }
  return illegal();
}

/**
 * Compiles the block starting at RAM offset `ro` (virtual pc `pc`), at most `max` instructions.
 * Contract: reads instruction words from RAM only (the caller translated the fetch and owns
 * invalidation); never throws for any instruction bits — undecodable words compile to an
 * illegal-instruction trap.
 */
export function compileBlock(cpu: Cpu, ro: number, pc: number, max: number): Block {
  const words = cpu.mem.i32;
  const room = (4096 - (ro & 4095)) >>> 2;
  const limit = Math.min(max, room);
  let body = '';
  let n = 0, nl = 0, ns = 0;
  let ended = false;
  while (n < limit) {
    const w = words[(ro >>> 2) + n]! | 0;
    body += emit(w, (pc + 4 * n) >>> 0, n, nl, ns) + '\n';
    nl += gLoads; ns += gStores; n++;
    if (gEnds) { ended = true; break; }
  }
  if (!ended) body += (nl ? `c.nLoads+=${nl};` : '') + (ns ? `c.nStores+=${ns};` : '') + `c.pc=${hex(pc + 4 * n)};return ${n};`;
  const src = `return function b${hex(pc)}(){var a=0,v=0,i=0,t=0,p=0,q=0;\n${body}}`;
  let factory = factories.get(src);
  if (factory === undefined) {
    if (factories.size >= FACTORY_CACHE_LIMIT) factories.clear();
    factory = new Function('c', 'x', 'm8', 's8', 'm16', 's16', 'm32', 'tR', 'oR', 'tW', 'oW', 'mulh', 'mulhu', 'mulhsu', src) as Factory;
    factories.set(src, factory);
  }
  const m = cpu.mem;
  const fn = factory(cpu, cpu.x, m.u8, m.i8, m.u16, m.i16, m.i32, cpu.tagR, cpu.offR, cpu.tagW, cpu.offW, mulhFn, mulhuFn, mulhsuFn);
  return { pc, n, fn };
}
