// The Linux initial process stack (RISC-V psABI / Linux exec): argc, argv[], NULL, envp[], NULL,
// the auxiliary vector, then the strings and AT_RANDOM bytes above. Built in a host buffer and
// placed by the caller, so that the same layout serves the flat runner and the kernel.

export const AT_NULL = 0;
export const AT_PHDR = 3;
export const AT_PHENT = 4;
export const AT_PHNUM = 5;
export const AT_PAGESZ = 6;
export const AT_ENTRY = 9;
export const AT_UID = 11;
export const AT_EUID = 12;
export const AT_GID = 13;
export const AT_EGID = 14;
export const AT_RANDOM = 25;
export const AT_EXECFN = 31;

export interface InitStackInput {
  /** Virtual address just above the stack (the first byte not part of it). */
  top: number;
  argv: string[];
  envp: string[];
  /** Auxiliary vector entries besides AT_RANDOM/AT_EXECFN/AT_NULL (added here). */
  auxv: [number, number][];
  /** 16 bytes for AT_RANDOM (seeded by the caller: determinism). */
  random: Uint8Array;
}

export interface InitStack {
  /** Initial sp (16-byte aligned, pointing at argc). */
  sp: number;
  /** The bytes to copy to [sp, top). */
  bytes: Uint8Array;
}

/**
 * Lays out the initial stack for `input`.
 * Contract: the result is exactly `top - sp` bytes; every pointer in it is a virtual address in
 * [sp, top); sp is 16-byte aligned as the psABI requires.
 */
export function buildInitStack(input: InitStackInput): InitStack {
  const enc = new TextEncoder();
  const strs = [...input.argv, ...input.envp].map((s) => enc.encode(s + '\0'));
  const strBytes = strs.reduce((n, s) => n + s.length, 0);
  const randomAt = (input.top - 16) >>> 0;
  const strTop = ((randomAt - strBytes) & ~3) >>> 0;
  const auxv: [number, number][] = [...input.auxv, [AT_RANDOM, randomAt], [AT_NULL, 0]];
  const words = 1 + input.argv.length + 1 + input.envp.length + 1 + 2 * auxv.length;
  const sp = ((strTop - 4 * words) & ~15) >>> 0;
  const size = input.top - sp;
  const bytes = new Uint8Array(size);
  const dv = new DataView(bytes.buffer);
  const ptrs: number[] = [];
  let at = randomAt - strBytes;
  for (const s of strs) {
    ptrs.push(at >>> 0);
    bytes.set(s, at - sp);
    at += s.length;
  }
  bytes.set(input.random.subarray(0, 16), randomAt - sp);
  let w = 0;
  const put = (v: number): void => { dv.setUint32(4 * w++, v >>> 0, true); };
  put(input.argv.length);
  for (let i = 0; i < input.argv.length; i++) put(ptrs[i]!);
  put(0);
  for (let i = 0; i < input.envp.length; i++) put(ptrs[input.argv.length + i]!);
  put(0);
  for (const [k, v] of auxv) { put(k); put(v); }
  return { sp: sp >>> 0, bytes };
}
