// A memory budget inside the service's realm. The worker's resource limits cap the V8 heap, but
// ArrayBuffer and typed-array memory lives outside it: `new Float64Array(1 << 28).fill(1)` in a
// loop would grow the whole process, not just the worker. This prologue, evaluated in the
// service's vm realm just before its bundle (same script, same first line, so positions in
// messages do not move), replaces the buffer and typed-array constructors and the prototype
// methods that allocate (slice, map, filter, toReversed, toSorted, with) with versions that
// charge a budget and throw a RangeError past it; a FinalizationRegistry gives the bytes back
// when the garbage collector frees them (asynchronously: the worker visits its event loop at
// least every millisecond while busy; the budget must leave room for garbage not yet collected,
// as V8 collects dead buffers only when it sees external memory pressure). WebAssembly (uncompilable here anyway) and Intl (native
// memory outside the heap) are removed. The service's own realm only: milklab's helpers keep the
// originals they captured before.

/** Source text (one line) installing the guard with a budget of `limitBytes`. */
export function guardPrologue(limitBytes: number): string {
  return GUARD.replace('__LIMIT__', String(Math.max(0, Math.floor(limitBytes)))).replace(/\n\s*/g, ' ');
}

/**
 * `code` with the guard in front — after a leading 'use strict' directive if there is one (a
 * statement before it would turn it into a plain string and the bundle into sloppy code), and on
 * the bundle's first line.
 */
export function guardBundle(code: string, limitBytes: number): string {
  const directive = /^\s*(['"])use strict\1;?/.exec(code);
  const at = directive ? directive[0].length : 0;
  return code.slice(0, at) + guardPrologue(limitBytes) + code.slice(at);
}

const GUARD = `(function (g) {
  'use strict';
  const LIMIT = __LIMIT__;
  let used = 0;
  const reg = new FinalizationRegistry((n) => { used -= n; });
  const construct = Reflect.construct, apply = Reflect.apply, def = Object.defineProperty, P = Proxy, RE = RangeError;
  const isObj = (x) => (typeof x === 'object' && x !== null) || typeof x === 'function';
  const num = (x) => { try { const n = Number(x); return n > 0 ? n : 0; } catch (e) { return 0; } };
  const size = (o) => { try { return num(o.byteLength); } catch (e) { return 0; } };
  const charge = (n) => {
    if (used + n > LIMIT) throw new RE('out of memory for ArrayBuffers and typed arrays: a service may hold at most ' + Math.round(LIMIT / 1048576) + ' MB of them');
    used += n;
  };
  const run = (estimate, make, actual) => {
    charge(estimate);
    let o;
    try { o = make(); } catch (e) { used -= estimate; throw e; }
    const n = actual ? Math.max(estimate, actual(o)) : estimate;
    if (n > estimate) { used -= estimate; charge(n); }
    if (n > 0 && isObj(o)) reg.register(o, n);
    return o;
  };
  const method = (proto, name, cost) => {
    const f = proto[name];
    if (typeof f !== 'function') return;
    const w = { [name](...a) { return run(cost(this, a), () => apply(f, this, a), size); } }[name];
    def(proto, name, { value: w, writable: true, configurable: true, enumerable: false });
  };
  const replace = (name, cost, actual) => {
    const C = g[name];
    if (typeof C !== 'function') return undefined;
    const G = new P(C, { construct: (t, a, nt) => run(cost(a), () => construct(t, a, nt), actual && ((o) => actual(o, a))) });
    def(C.prototype, 'constructor', { value: G, writable: true, configurable: true, enumerable: false });
    def(g, name, { value: G, writable: true, configurable: true, enumerable: false });
    return C;
  };
  const bufferCost = (a) => Math.max(num(a[0]), isObj(a[1]) ? num(a[1].maxByteLength) : 0);
  for (const name of ['ArrayBuffer', 'SharedArrayBuffer']) {
    const C = replace(name, bufferCost);
    if (C) { method(C.prototype, 'slice', (self) => size(self)); method(C.prototype, 'transfer', (self, a) => Math.max(size(self), num(a[0]))); }
  }
  const isBuffer = (x) => { try { return x instanceof g.ArrayBuffer || x instanceof g.SharedArrayBuffer; } catch (e) { return false; } };
  let TA;
  for (const name of ['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array']) {
    const C = g[name];
    if (typeof C !== 'function') continue;
    const bpe = C.BYTES_PER_ELEMENT;
    TA = TA || Object.getPrototypeOf(C.prototype);
    replace(name, (a) => (isBuffer(a[0]) ? 0 : (isObj(a[0]) ? num(a[0].length) : num(a[0])) * bpe), (o, a) => (isBuffer(a[0]) ? 0 : size(o)));
  }
  if (TA) for (const m of ['slice', 'map', 'filter', 'toReversed', 'toSorted', 'with']) method(TA, m, (self) => size(self));
  delete g.WebAssembly;
  delete g.Intl;
})(globalThis);`;
