// Where every panel goes for a terminal size: explicit rectangles (no flex guessing), so the
// screen is exactly one row shorter than the terminal (Ink then redraws in place instead of
// clearing the terminal), readable at 80x24 and giving extra rows and columns to the chart, the
// frame map and the event log on larger terminals.

export type PanelId = 'chart' | 'map' | 'processes' | 'services' | 'events' | 'compile';

/** Panels in focus order (keys 1-6). */
export const PANELS: readonly PanelId[] = ['chart', 'map', 'processes', 'services', 'events', 'compile'];

export interface Rect { width: number; height: number }

export interface Layout {
  width: number;
  /** Rows of the whole screen (terminal rows - 1). */
  height: number;
  header: number;
  footer: number;
  top: { height: number; chart: number; map: number };
  middle: { height: number; processes: number; services: number };
  bottom: { height: number; events: number; compile: number };
}

export interface LayoutNeeds {
  /** Rows the process table wants (one per process; its header row is added). */
  processRows: number;
  /** Rows the services panel wants. */
  serviceRows: number;
  /** Rows the compile error panel wants (0 when there is none). */
  compileRows: number;
  /** Rows the header wants (1 or 2). */
  headerRows: number;
}

export const MIN_SIZE = { columns: 60, rows: 16 } as const;

const clamp = (v: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, v));

/**
 * Lays out a `columns` x `rows` terminal. Every height includes the panel's title row; widths
 * of side-by-side panels add up to `columns` - 1 (one column between them).
 */
export function layout(columns: number, rows: number, needs: LayoutNeeds): Layout {
  const width = Math.max(MIN_SIZE.columns, columns);
  const height = Math.max(MIN_SIZE.rows, rows) - 1;
  const header = needs.headerRows;
  const footer = 1;
  const body = height - header - footer;
  const midWant = 1 + Math.max(needs.processRows + 1, needs.serviceRows);
  const middle = clamp(midWant, 4, Math.max(4, Math.floor(body * 0.32)));
  const rest = body - middle;
  // The chart and map get 60% of what is left; a compile error borrows from them (down to 7
  // rows) so that the event log keeps at least two rows beside it.
  const topPref = clamp(Math.round(rest * 0.6), 6, rest - 3);
  const wantBottom = needs.compileRows > 0 ? needs.compileRows + 1 + 3 : 0;
  const topH = wantBottom ? clamp(rest - wantBottom, Math.min(7, topPref), topPref) : topPref;
  const bottomH = rest - topH;
  const mapW = clamp(Math.round(width * 0.38), 22, 90);
  const servW = clamp(Math.round(width * 0.34), 26, 60);
  const compile = needs.compileRows > 0 ? (bottomH - (needs.compileRows + 1) >= 2 ? needs.compileRows + 1 : bottomH) : 0;
  return {
    width, height, header, footer,
    top: { height: topH, chart: width - mapW - 1, map: mapW },
    middle: { height: middle, processes: width - servW - 1, services: servW },
    bottom: { height: bottomH, events: bottomH - compile, compile },
  };
}
