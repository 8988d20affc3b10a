// The ArrayBuffer budget installed in a service's realm (memory outside the V8 heap limit).
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { guardBundle, guardPrologue } from '../../../src/services/isolation/realm-guard.js';

const MB = 1024 * 1024;

function realm(limitMb: number): (src: string) => unknown {
  const ctx = vm.createContext(Object.create(null) as object, { codeGeneration: { strings: false, wasm: false } });
  vm.runInContext(guardPrologue(limitMb * MB), ctx);
  return (src) => {
    try {
      return vm.runInContext(src, ctx);
    } catch (e) {
      return `threw ${(e as Error).name}: ${(e as Error).message}`;
    }
  };
}

describe('the realm guard', () => {
  it('charges buffers and typed arrays and refuses past the budget', () => {
    const run = realm(8);
    expect(run('globalThis.a = new Uint8Array(4 * 1024 * 1024); a.length')).toBe(4 * MB);
    expect(run('new Float64Array(1024 * 1024)')).toBe('threw RangeError: out of memory for ArrayBuffers and typed arrays: a service may hold at most 8 MB of them');
    expect(run('new Uint8Array(a.buffer, 0, 16).length')).toBe(16); // a view allocates nothing
    expect(run('const k = []; for (let i = 0; i < 4; i++) k.push(a.slice()); k.length')).toMatch(/^threw RangeError: out of memory/);
    expect(run('Object.defineProperty(a, "constructor", { value: undefined }); const m = []; for (let i = 0; i < 4; i++) m.push(a.map((x) => x)); m.length')).toMatch(/^threw RangeError/);
    expect(run('new Uint8Array({ length: 2 ** 32 })')).toMatch(/^threw RangeError: out of memory/);
    expect(run('new ArrayBuffer(8, { maxByteLength: 2 ** 33 })')).toMatch(/^threw RangeError: out of memory/);
    expect(run('new SharedArrayBuffer(64 * 1024 * 1024)')).toMatch(/^threw RangeError: out of memory/);
    expect(run('Uint8Array.from({ length: 16 * 1024 * 1024 })')).toMatch(/^threw RangeError: out of memory/);
  });

  it('keeps the language as it was otherwise', () => {
    const run = realm(8);
    expect(run(`[new Uint8Array(2) instanceof Uint8Array, new ArrayBuffer(8) instanceof ArrayBuffer, new Int32Array(1).constructor === Int32Array,
      Uint8Array.name, Float64Array.BYTES_PER_ELEMENT, new Uint8Array([1, 2, 3]).slice(1).join(), Array.from(Int16Array.of(4, 5)).join(),
      (() => { class X extends Uint8Array {} return new X(4) instanceof X; })(), new DataView(new ArrayBuffer(4)).byteLength,
      typeof WebAssembly, typeof Intl, Object.keys(globalThis).length].join('|')`)).toBe('true|true|true|Uint8Array|8|2,3|4,5|true|4|undefined|undefined|0');
  });

  it('goes after a leading use-strict directive, on the first line', () => {
    const code = '"use strict";\nvar G = (function () { return this; })();';
    const guarded = guardBundle(code, MB);
    expect(guarded.split('\n').length).toBe(2);
    expect(guarded.startsWith('"use strict";(function (g)')).toBe(true);
    const ctx = vm.createContext(Object.create(null) as object);
    vm.runInContext(guarded, ctx);
    expect((ctx as { G?: unknown }).G).toBeUndefined(); // still strict
    expect(guardBundle('var x = 1;', MB).endsWith('var x = 1;')).toBe(true);
  });
});
