// Lab 05, reference solution: ARC (Megiddo & Modha, FAST 2003). Two LRU lists of resident
// pages — T1, pages seen once recently, and T2, pages seen at least twice — and two ghost lists
// of page numbers recently evicted from them (B1, B2). A miss on a page in B1 means T1 was
// too small: the target size p of T1 grows; a miss on a page in B2 shrinks it. The victim
// comes from T1 while T1 is above its target, else from T2. Scans pass through T1 without
// disturbing T2; a working set that moves on is let go through T2's LRU end.

import { definePolicy } from 'milklab';

interface ArcState {
  /** Capacity in frames. */
  c: number;
  /** Target size of T1. */
  p: number;
  /** frame → vpn, least recently used first (Map order). */
  t1: Map<number, number>;
  t2: Map<number, number>;
  /** Ghost page numbers, oldest first (Set order). */
  b1: Set<number>;
  b2: Set<number>;
}

/** Moves `frame` to the most-recent end of `list`. */
function touch(list: Map<number, number>, frame: number, vpn: number): void {
  list.delete(frame);
  list.set(frame, vpn);
}

function oldest<T>(items: Iterable<T>): T | undefined {
  for (const x of items) return x;
  return undefined;
}

export default definePolicy<ArcState>({
  name: 'adaptive',
  description: 'ARC: recency and frequency lists sized by ghost hits',
  needs: { references: true },
  init: (ctx) => ({ c: ctx.frames, p: 0, t1: new Map(), t2: new Map(), b1: new Set(), b2: new Set() }),

  onAccess(s, page) {
    s.t1.delete(page.frame);
    touch(s.t2, page.frame, page.vpn);
  },

  onMap(s, page) {
    if (s.b1.delete(page.vpn)) {
      s.p = Math.min(s.c, s.p + Math.max(1, s.b2.size / Math.max(1, s.b1.size + 1)));
      touch(s.t2, page.frame, page.vpn);
    } else if (s.b2.delete(page.vpn)) {
      s.p = Math.max(0, s.p - Math.max(1, s.b1.size / Math.max(1, s.b2.size + 1)));
      touch(s.t2, page.frame, page.vpn);
    } else {
      touch(s.t1, page.frame, page.vpn);
    }
    while (s.b1.size > 0 && s.t1.size + s.b1.size > s.c) s.b1.delete(oldest(s.b1)!);
    while (s.b2.size > 0 && s.t1.size + s.t2.size + s.b1.size + s.b2.size > 2 * s.c) s.b2.delete(oldest(s.b2)!);
  },

  onUnmap(s, page) {
    if (s.t1.delete(page.frame)) s.b1.add(page.vpn);
    else if (s.t2.delete(page.frame)) s.b2.add(page.vpn);
  },

  chooseVictim(s, bits) {
    if (s.t1.size > 0 && (s.t1.size > s.p || s.t2.size === 0)) return oldest(s.t1.keys())!;
    return oldest(s.t2.keys()) ?? bits.frames[0]!;
  },
});
