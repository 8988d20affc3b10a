import { describe, expect, it } from 'vitest';
import { AT_NULL, AT_PAGESZ, AT_RANDOM, buildInitStack } from '../../../src/machine/kernel/initstack.js';

describe('buildInitStack', () => {
  const top = 0xbfff_f000; // above 2^31: unsigned arithmetic matters
  const st = buildInitStack({ top, argv: ['prog', 'a1'], envp: ['K=V'], auxv: [[AT_PAGESZ, 4096]], random: new Uint8Array(16).fill(7) });
  const dv = new DataView(st.bytes.buffer);
  const word = (va: number): number => dv.getUint32(va - st.sp, true);
  const cstr = (va: number): string => {
    let s = '';
    for (let p = va - st.sp; st.bytes[p] !== 0; p++) s += String.fromCharCode(st.bytes[p]!);
    return s;
  };
  it('is 16-byte aligned and fills [sp, top)', () => {
    expect(st.sp % 16).toBe(0);
    expect(st.sp + st.bytes.length).toBe(top);
  });
  it('lays out argc, argv, envp and auxv as Linux does', () => {
    expect(word(st.sp)).toBe(2);
    expect(cstr(word(st.sp + 4))).toBe('prog');
    expect(cstr(word(st.sp + 8))).toBe('a1');
    expect(word(st.sp + 12)).toBe(0);
    expect(cstr(word(st.sp + 16))).toBe('K=V');
    expect(word(st.sp + 20)).toBe(0);
    const aux = new Map<number, number>();
    for (let p = st.sp + 24; ; p += 8) {
      aux.set(word(p), word(p + 4));
      if (word(p) === AT_NULL) break;
    }
    expect(aux.get(AT_PAGESZ)).toBe(4096);
    const rnd = aux.get(AT_RANDOM)!;
    expect(Array.from(st.bytes.subarray(rnd - st.sp, rnd - st.sp + 16))).toEqual(new Array(16).fill(7));
  });
  it('keeps every pointer inside the stack', () => {
    for (let p = st.sp + 4; p < st.sp + 20; p += 4) {
      const v = word(p);
      if (v) expect(v >= st.sp && v < top).toBe(true);
    }
  });
});
