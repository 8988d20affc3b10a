// The physical memory map as text rows: one cell per user frame, or, when there are more frames
// than cells, one cell per group of consecutive frames showing the group's majority. A cell's
// glyph says the state on its own (NO_COLOR-safe); colour adds the owner's hue.
//
//   ·  free            ░  ballooned (taken away by [ / ])
//   a  owned by the process with letter a, clean        A  … dirty (written since loaded)
//   bold = referenced (accessed bit set)   dim = not referenced   underlined = pinned

import type { FrameCell } from '../../session/telemetry.js';
import { pidColor, pidLetter } from './palette.js';
import { RowBuilder, type Style } from './style.js';

/** FrameCell.owner encoding (src/session/telemetry.ts: the kernel's FRAME_FREE / FRAME_BALLOONED). */
export const OWNER_FREE = 0;
export const OWNER_BALLOONED = -1;

export interface FrameMapView {
  rows: string[];
  /** Frames per cell (1 when every frame has its own cell). */
  perCell: number;
  counts: { free: number; ballooned: number; owned: number; dirty: number; referenced: number };
}

/** The glyph and style of a group of frames (its majority state). */
export function cellOf(frames: FrameCell[], from: number, to: number): { ch: string; st: Style } {
  const tally = new Map<number, number>();
  let best = OWNER_FREE, bestN = -1;
  for (let f = from; f < to; f++) {
    const o = frames[f]!.owner;
    const n = (tally.get(o) ?? 0) + 1;
    tally.set(o, n);
    if (n > bestN || (n === bestN && o > 0 && best <= 0)) { best = o; bestN = n; }
  }
  if (best === OWNER_FREE) return { ch: '·', st: { dim: true } };
  if (best === OWNER_BALLOONED) return { ch: '░', st: { fg: 'gray' } };
  let dirty = false, referenced = false, pinned = false;
  for (let f = from; f < to; f++) {
    const c = frames[f]!;
    if (c.owner !== best) continue;
    dirty ||= c.dirty; referenced ||= c.referenced; pinned ||= c.pinned;
  }
  const letter = pidLetter(best);
  return { ch: dirty ? letter.toUpperCase() : letter, st: { fg: pidColor(best), bold: referenced, dim: !referenced, underline: pinned } };
}

/** The map of `frames` in a `width` x `height` area. */
export function frameMapView(frames: FrameCell[], width: number, height: number, noColor: boolean): FrameMapView {
  const n = frames.length;
  const cells = Math.max(1, width * height);
  const perCell = Math.max(1, Math.ceil(n / cells));
  const used = Math.ceil(n / perCell);
  const rows: string[] = [];
  const counts = { free: 0, ballooned: 0, owned: 0, dirty: 0, referenced: 0 };
  for (const c of frames) {
    if (c.owner === OWNER_FREE) counts.free++;
    else if (c.owner === OWNER_BALLOONED) counts.ballooned++;
    else { counts.owned++; if (c.dirty) counts.dirty++; if (c.referenced) counts.referenced++; }
  }
  for (let r = 0; r < height; r++) {
    const b = new RowBuilder(noColor);
    for (let col = 0; col < width; col++) {
      const i = r * width + col;
      if (i >= used) { b.add(' '); continue; }
      const { ch, st } = cellOf(frames, i * perCell, Math.min(n, (i + 1) * perCell));
      b.add(ch, st);
    }
    rows.push(b.done());
  }
  return { rows, perCell, counts };
}
