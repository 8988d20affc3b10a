// The frame table: which physical frame holds what. User frames (the ones `--frames N` counts
// and policies choose among) and page-table frames come from separate pools, so page tables
// never compete with user pages and are accounted on their own. Frame numbers given to services
// are user-frame indexes 0..total-1.

export const FRAME_FREE = 0;
/** A frame taken away by the balloon (memory made unavailable). */
export const FRAME_BALLOONED = -1;

export class FrameTable {
  /** Number of user frames. */
  readonly total: number;
  /** Physical address of user frame 0. */
  readonly userBase: number;
  /** Physical address of the first page-table frame. */
  readonly ptBase: number;
  readonly ptTotal: number;
  /** Owner pid per user frame, FRAME_FREE or FRAME_BALLOONED. */
  readonly owner: Int32Array;
  /** Virtual page number held by each owned frame. */
  readonly vpn: Int32Array;
  /** Frames the kernel forbids evicting (e.g. during I/O). */
  readonly pinned: Uint8Array;
  /** Word index in RAM (i32 view) of the PTE mapping each owned frame, or -1 (fast A/D reads). */
  readonly pteWord: Int32Array;
  private readonly free: number[] = [];
  private readonly ptFree: number[] = [];
  private ptUsedCount = 0;

  /** `total` user frames at `userBase`, `ptTotal` page-table frames at `ptBase`. */
  constructor(total: number, userBase: number, ptTotal: number, ptBase: number) {
    this.total = total;
    this.userBase = userBase;
    this.ptTotal = ptTotal;
    this.ptBase = ptBase;
    this.owner = new Int32Array(total);
    this.vpn = new Int32Array(total).fill(-1);
    this.pinned = new Uint8Array(total);
    this.pteWord = new Int32Array(total).fill(-1);
    for (let f = total - 1; f >= 0; f--) this.free.push(f);
    for (let f = ptTotal - 1; f >= 0; f--) this.ptFree.push(f);
  }

  /** Free user frames. */
  get freeCount(): number { return this.free.length; }
  /** Page-table frames in use. */
  get ptUsed(): number { return this.ptUsedCount; }

  /** Physical address of user frame `f`. */
  addr(f: number): number { return this.userBase + f * 4096; }

  /** Takes the lowest free user frame for (pid, vpn); -1 when none is free. */
  alloc(pid: number, vpn: number): number {
    const f = this.free.pop();
    if (f === undefined) return -1;
    this.owner[f] = pid;
    this.vpn[f] = vpn;
    return f;
  }

  /** Returns user frame `f` to the free pool. Contract: f is owned and not pinned. */
  release(f: number): void {
    if (this.owner[f]! <= 0) throw new Error(`kernel bug: releasing frame ${f} that is not owned`);
    this.owner[f] = FRAME_FREE;
    this.vpn[f] = -1;
    this.pteWord[f] = -1;
    this.insertFree(f);
  }

  private insertFree(f: number): void {
    // keep the pool sorted descending so alloc() always takes the lowest frame (determinism, tidy maps)
    let i = this.free.length;
    this.free.push(f);
    while (i > 0 && this.free[i - 1]! < f) { this.free[i] = this.free[i - 1]!; i--; }
    this.free[i] = f;
  }

  /** Takes a page-table frame; returns its physical address or -1. */
  allocPt(): number {
    const f = this.ptFree.pop();
    if (f === undefined) return -1;
    this.ptUsedCount++;
    return this.ptBase + f * 4096;
  }

  /** Returns a page-table frame by physical address. */
  releasePt(pa: number): void {
    this.ptUsedCount--;
    this.ptFree.push((pa - this.ptBase) / 4096);
  }

  /** Marks a free frame unavailable (balloon inflate); false if it is not free. */
  balloon(f: number): boolean {
    const i = this.free.indexOf(f);
    if (i < 0) return false;
    this.free.splice(i, 1);
    this.owner[f] = FRAME_BALLOONED;
    return true;
  }

  /** Makes a ballooned frame available again (balloon deflate). */
  unballoon(f: number): void {
    if (this.owner[f] !== FRAME_BALLOONED) return;
    this.owner[f] = FRAME_FREE;
    this.insertFree(f);
  }
}
