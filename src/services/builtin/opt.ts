// OPT (Belady's MIN): evict the page whose next use lies farthest in the future — or never
// comes. No real system can know the future, so this is an oracle: given the whole reference
// string at init (trace mode only), it is the lower bound every other policy is measured
// against. Every reference is either a hit (onAccess) or a fault that maps the page (onMap),
// so counting those two calls tells us where we are in the string.

import { definePolicy } from '../protocol.js';

interface OptState {
  /** next[i]: index of the next reference to the same page after position i (Infinity: none). */
  next: number[];
  /** The position in the reference string of the next reference. */
  pos: number;
  /** frame → position of the next use of the page in it. */
  nextUse: Map<number, number>;
}

/** Records that the reference at s.pos went to `frame`, and moves on. */
function referenced(s: OptState, frame: number): void {
  s.nextUse.set(frame, s.next[s.pos] ?? Infinity);
  s.pos++;
}

export default definePolicy<OptState>({
  name: 'opt',
  description: "Belady's optimal: evicts the page used farthest in the future (oracle)",
  needs: { future: true, references: true },
  init(ctx) {
    const refs = ctx.references ?? [];
    const next: number[] = new Array<number>(refs.length);
    const seen = new Map<number, number>(); // page → the nearest later position, scanning backwards
    for (let i = refs.length - 1; i >= 0; i--) {
      next[i] = seen.get(refs[i]!) ?? Infinity;
      seen.set(refs[i]!, i);
    }
    return { next, pos: 0, nextUse: new Map() };
  },
  onMap(s, page) {
    referenced(s, page.frame);
  },
  onAccess(s, page) {
    referenced(s, page.frame);
  },
  onUnmap(s, page) {
    s.nextUse.delete(page.frame);
  },
  chooseVictim(s, bits) {
    let victim = bits.frames[0]!;
    let farthest = -1;
    for (const f of bits.frames) { // ties (pages never used again) go to the earliest mapped
      const n = s.nextUse.get(f) ?? Infinity;
      if (n > farthest) {
        farthest = n;
        victim = f;
      }
    }
    return victim;
  },
});
