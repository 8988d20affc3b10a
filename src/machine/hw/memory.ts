// Physical memory: one RAM region cut into 4 KiB frames, plus MMIO devices, behind a narrow
// interface. The CPU's fast paths index the RAM typed arrays directly (through TLB offsets);
// everything else — the slow paths, the kernel, loaders — goes through the methods here, which
// keep the per-frame flags (code compiled from the frame, watched by a device) truthful so that
// cached translations of code never go stale.

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1 << PAGE_SHIFT;

/** A memory-mapped device: offsets are relative to its base; size is 1, 2 or 4 bytes. */
export interface MmioDevice {
  readonly name: string;
  readonly base: number;
  readonly size: number;
  read(offset: number, size: 1 | 2 | 4): number;
  write(offset: number, size: 1 | 2 | 4, value: number): void;
}

/** Frame flag: the JIT compiled code from this frame (stores must invalidate it). */
export const FRAME_CODE = 1;
/** Frame flag: a device watches stores to this frame (e.g. HTIF tohost in RAM). */
export const FRAME_WATCHED = 2;

/** Called for a store that lands in a watched frame (after the store is performed). */
export type StoreWatcher = (pa: number, size: number, value: number) => void;

export class PhysMemory {
  readonly base: number;
  readonly size: number;
  readonly frames: number;
  readonly u8: Uint8Array;
  readonly i8: Int8Array;
  readonly u16: Uint16Array;
  readonly i16: Int16Array;
  readonly i32: Int32Array;
  /** Per-frame FRAME_* flags; a frame with any flag is never entered in a store fast path. */
  readonly frameFlags: Uint8Array;
  private readonly devices: MmioDevice[] = [];
  private readonly watchers: { pa: number; size: number; fn: StoreWatcher }[] = [];
  /** Set by the CPU: drops compiled code of a frame (index relative to base). */
  onCodeInvalidate: (frame: number) => void = () => {};

  /** Creates zeroed RAM of `size` bytes (a multiple of 4 KiB) at physical address `base`. */
  constructor(base: number, size: number) {
    if (size <= 0 || size % PAGE_SIZE !== 0) throw new RangeError(`RAM size ${size} is not a positive multiple of 4 KiB`);
    if (base % PAGE_SIZE !== 0) throw new RangeError(`RAM base 0x${base.toString(16)} is not 4 KiB aligned`);
    this.base = base >>> 0;
    this.size = size;
    this.frames = size >>> PAGE_SHIFT;
    const buf = new ArrayBuffer(size);
    this.u8 = new Uint8Array(buf);
    this.i8 = new Int8Array(buf);
    this.u16 = new Uint16Array(buf);
    this.i16 = new Int16Array(buf);
    this.i32 = new Int32Array(buf);
    this.frameFlags = new Uint8Array(this.frames);
  }

  /** Adds a device; it must not overlap RAM or another device. */
  addDevice(dev: MmioDevice): void {
    const end = dev.base + dev.size;
    if (dev.base < this.base + this.size && end > this.base) throw new RangeError(`device ${dev.name} overlaps RAM`);
    for (const d of this.devices) {
      if (dev.base < d.base + d.size && end > d.base) throw new RangeError(`device ${dev.name} overlaps ${d.name}`);
    }
    this.devices.push(dev);
  }

  /** Calls `fn` after every store to [pa, pa+size) in RAM; marks the frame as watched. */
  watch(pa: number, size: number, fn: StoreWatcher): void {
    this.watchers.push({ pa: pa >>> 0, size, fn });
    this.frameFlags[this.frameOf(pa)] |= FRAME_WATCHED;
  }

  /** True when [pa, pa+len) lies entirely inside RAM. */
  inRam(pa: number, len = 1): boolean {
    const off = (pa >>> 0) - this.base;
    return off >= 0 && off + len <= this.size;
  }

  /** RAM frame index of a physical address in RAM. */
  frameOf(pa: number): number {
    return ((pa >>> 0) - this.base) >>> PAGE_SHIFT;
  }

  /** Physical address of RAM frame `frame`. */
  frameAddr(frame: number): number {
    return (this.base + frame * PAGE_SIZE) >>> 0;
  }

  /** The device covering [pa, pa+size), or undefined. */
  deviceAt(pa: number, size: number): MmioDevice | undefined {
    pa >>>= 0;
    for (const d of this.devices) if (pa >= d.base && pa + size <= d.base + d.size) return d;
    return undefined;
  }

  /** True when a naturally sized access at `pa` hits RAM or a device (else: access fault). */
  exists(pa: number, size: number): boolean {
    return this.inRam(pa, size) || this.deviceAt(pa, size) !== undefined;
  }

  /** Loads `size` bytes little-endian (zero-extended); caller has checked exists(). */
  read(pa: number, size: 1 | 2 | 4): number {
    pa >>>= 0;
    const off = pa - this.base;
    if (off >= 0 && off + size <= this.size) {
      if (size === 4) return (off & 3) === 0 ? this.i32[off >>> 2]! >>> 0 : this.readUnaligned(off, 4);
      if (size === 2) return (off & 1) === 0 ? this.u16[off >>> 1]! : this.readUnaligned(off, 2);
      return this.u8[off]!;
    }
    const d = this.deviceAt(pa, size);
    return d ? d.read(pa - d.base, size) >>> 0 : 0;
  }

  /** Stores `size` bytes little-endian; invalidates code and notifies watchers. */
  write(pa: number, size: 1 | 2 | 4, value: number): void {
    pa >>>= 0;
    const off = pa - this.base;
    if (off >= 0 && off + size <= this.size) {
      const f0 = off >>> PAGE_SHIFT;
      const f1 = (off + size - 1) >>> PAGE_SHIFT;
      for (let i = 0; i < size; i++) this.u8[off + i] = (value >>> (8 * i)) & 0xff;
      if (this.frameFlags[f0] || this.frameFlags[f1]) this.touched(pa, size, value, f0, f1);
      return;
    }
    const d = this.deviceAt(pa, size);
    if (d) d.write(pa - d.base, size, value >>> 0);
  }

  private readUnaligned(off: number, size: number): number {
    let v = 0;
    for (let i = size - 1; i >= 0; i--) v = (v << 8) | this.u8[off + i]!;
    return v >>> 0;
  }

  private touched(pa: number, size: number, value: number, f0: number, f1: number): void {
    for (let f = f0; f <= f1; f++) {
      if (this.frameFlags[f]! & FRAME_CODE) {
        this.frameFlags[f]! &= ~FRAME_CODE;
        this.onCodeInvalidate(f);
      }
    }
    for (const w of this.watchers) if (pa < w.pa + w.size && pa + size > w.pa) w.fn(pa, size, value);
  }

  /** Host-side 32-bit read (kernel, loaders, tests). */
  read32(pa: number): number { return this.read(pa, 4); }
  /** Host-side 32-bit write; keeps code caches coherent. */
  write32(pa: number, v: number): void { this.write(pa, 4, v); }
  /** Host-side byte read. */
  read8(pa: number): number { return this.read(pa, 1); }
  /** Host-side byte write. */
  write8(pa: number, v: number): void { this.write(pa, 1, v); }

  /** Copies bytes into RAM at `pa` (must lie in RAM); invalidates compiled code there. */
  writeBytes(pa: number, bytes: Uint8Array): void {
    const off = (pa >>> 0) - this.base;
    if (!this.inRam(pa, bytes.length)) throw new RangeError(`write of ${bytes.length} bytes at 0x${(pa >>> 0).toString(16)} is outside RAM`);
    this.u8.set(bytes, off);
    this.invalidateRange(off, bytes.length);
  }

  /** Fills [pa, pa+len) of RAM with byte `v`; invalidates compiled code there. */
  fill(pa: number, len: number, v = 0): void {
    const off = (pa >>> 0) - this.base;
    if (!this.inRam(pa, len)) throw new RangeError(`fill of ${len} bytes at 0x${(pa >>> 0).toString(16)} is outside RAM`);
    this.u8.fill(v, off, off + len);
    this.invalidateRange(off, len);
  }

  /** Returns a copy of [pa, pa+len) of RAM. */
  readBytes(pa: number, len: number): Uint8Array {
    const off = (pa >>> 0) - this.base;
    if (!this.inRam(pa, len)) throw new RangeError(`read of ${len} bytes at 0x${(pa >>> 0).toString(16)} is outside RAM`);
    return this.u8.slice(off, off + len);
  }

  private invalidateRange(off: number, len: number): void {
    if (len <= 0) return;
    const last = (off + len - 1) >>> PAGE_SHIFT;
    for (let f = off >>> PAGE_SHIFT; f <= last; f++) {
      if (this.frameFlags[f]! & FRAME_CODE) {
        this.frameFlags[f]! &= ~FRAME_CODE;
        this.onCodeInvalidate(f);
      }
    }
  }
}
