// The swap device: a host-side backing store of 4 KiB slots with a lowest-first slot allocator,
// and counters of what went in and out.

export class SwapDevice {
  private readonly slots: (Uint8Array | undefined)[] = [];
  private readonly freeSlots: number[] = [];
  reads = 0;
  writes = 0;

  /** Slots in use. */
  get used(): number { return this.slots.length - this.freeSlots.length; }

  /** Allocates a slot. */
  alloc(): number {
    if (this.freeSlots.length > 0) {
      this.freeSlots.sort((a, b) => b - a);
      return this.freeSlots.pop()!;
    }
    this.slots.push(undefined);
    return this.slots.length - 1;
  }

  /** Stores a copy of a page's 4096 bytes (e.g. a view of RAM) in `slot`. */
  write(slot: number, page: Uint8Array): void {
    const copy = this.slots[slot] ?? new Uint8Array(4096);
    copy.set(page.subarray(0, 4096));
    this.slots[slot] = copy;
    this.writes++;
  }

  /** The bytes of `slot` (a zero page if it was never written). */
  read(slot: number): Uint8Array {
    this.reads++;
    return this.slots[slot] ?? new Uint8Array(4096);
  }

  /** Frees `slot`. */
  free(slot: number): void {
    this.slots[slot] = undefined;
    this.freeSlots.push(slot);
  }
}
