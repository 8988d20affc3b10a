// Who is who on screen: every process gets one letter and one colour, used alike by the chart's
// series, the frame map's cells and the process table, so a glance links them. Letters carry the
// meaning alone when NO_COLOR is set.

import type { Color } from './style.js';

const COLORS: readonly Color[] = ['cyan', 'magenta', 'yellow', 'green', 'blue', 'red'];

/** The colour of process `pid`. */
export function pidColor(pid: number): Color {
  return COLORS[(Math.max(1, pid) - 1) % COLORS.length]!;
}

/** The letter of process `pid`: a..z, then again (case is taken by the frame map's dirty bit). */
export function pidLetter(pid: number): string {
  return String.fromCharCode(97 + ((Math.max(1, pid) - 1) % 26));
}

/** The total series' mark and colour. */
export const TOTAL_MARK = '*';
export const TOTAL_COLOR: Color = 'white';

/** Colours of the chart's markers by kind. */
export const MARKER_COLOR: Record<'swap' | 'rollback' | 'fallback', Color> = { swap: 'green', rollback: 'red', fallback: 'yellow' };
