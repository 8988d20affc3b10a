// Virtual memory areas: the page ranges a process may touch and with which rights. Everything
// outside them is a segmentation fault. Page-granular, sorted, non-overlapping.

export const PROT_READ = 1;
export const PROT_WRITE = 2;
export const PROT_EXEC = 4;

export type VmaKind = 'image' | 'heap' | 'mmap' | 'stack';

export interface Vma {
  /** First page number. */
  start: number;
  /** One past the last page number. */
  end: number;
  prot: number;
  kind: VmaKind;
}

/** A sorted set of VMAs with find, insert and range operations. */
export class VmaList {
  readonly list: Vma[] = [];

  /** The VMA containing page `vpn`, or undefined. */
  find(vpn: number): Vma | undefined {
    let lo = 0, hi = this.list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.list[mid]!;
      if (vpn < v.start) hi = mid - 1;
      else if (vpn >= v.end) lo = mid + 1;
      else return v;
    }
    return undefined;
  }

  /** True when no VMA intersects [start, end). */
  isFree(start: number, end: number): boolean {
    return !this.list.some((v) => v.start < end && start < v.end);
  }

  /** Adds a VMA; where it overlaps existing ones, the overlap takes the union of rights. */
  add(v: Vma): void {
    if (this.isFree(v.start, v.end)) {
      this.list.push({ ...v });
      this.list.sort((a, b) => a.start - b.start);
      return;
    }
    for (let p = v.start; p < v.end;) {
      const hit = this.find(p);
      if (hit) {
        this.protect(p, Math.min(hit.end, v.end), hit.prot | v.prot);
        p = Math.min(hit.end, v.end);
      } else {
        let q = p + 1;
        while (q < v.end && !this.find(q)) q++;
        this.list.push({ start: p, end: q, prot: v.prot, kind: v.kind });
        this.list.sort((a, b) => a.start - b.start);
        p = q;
      }
    }
  }

  /** Removes [start, end) from every VMA (splitting as needed). */
  remove(start: number, end: number): void {
    const out: Vma[] = [];
    for (const v of this.list) {
      if (v.end <= start || v.start >= end) { out.push(v); continue; }
      if (v.start < start) out.push({ ...v, end: start });
      if (v.end > end) out.push({ ...v, start: end });
    }
    this.list.splice(0, this.list.length, ...out);
  }

  /** Sets rights on [start, end) (splitting VMAs); pages outside any VMA are left alone. */
  protect(start: number, end: number, prot: number): void {
    const out: Vma[] = [];
    for (const v of this.list) {
      if (v.end <= start || v.start >= end) { out.push(v); continue; }
      if (v.start < start) out.push({ ...v, end: start });
      out.push({ ...v, start: Math.max(v.start, start), end: Math.min(v.end, end), prot });
      if (v.end > end) out.push({ ...v, start: end });
    }
    this.list.splice(0, this.list.length, ...out);
  }

  /** True when every page of [start, end) is inside some VMA. */
  covers(start: number, end: number): boolean {
    for (let p = start; p < end;) {
      const v = this.find(p);
      if (!v) return false;
      p = v.end;
    }
    return true;
  }
}
