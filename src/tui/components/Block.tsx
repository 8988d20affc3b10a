// A block of pre-rendered rows in a width x height rectangle, drawn the cheap way for a screen
// that changes about ten times a second: Ink lays out a constant placeholder (blank lines of the right
// size, so its layout and its text-measurement cache see the same string every frame — that
// cache keeps every distinct string it measures, forever) and a <Transform> swaps in the real
// rows line by line when the frame is written. Rows longer than `width` are cut.

import { Transform } from 'ink';
import { memo, useMemo, type ReactNode } from 'react';
import { clampRow } from '../view/style.js';

export interface BlockProps { rows: readonly string[]; width: number; height: number }

const placeholders = new Map<string, string>();
function placeholder(width: number, height: number): string {
  const key = `${width}x${height}`;
  let p = placeholders.get(key);
  if (p === undefined) { p = Array.from({ length: height }, () => ' '.repeat(width)).join('\n'); placeholders.set(key, p); }
  return p;
}

export const Block = memo(function Block({ rows, width, height }: BlockProps): ReactNode {
  const transform = useMemo(() => (_line: string, i: number): string => clampRow(rows[i] ?? '', width), [rows, width]);
  if (width <= 0 || height <= 0) return null;
  return <Transform transform={transform}>{placeholder(width, height)}</Transform>;
});
