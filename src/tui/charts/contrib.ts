// The one adapter between the UI and blessed-contrib: braille line charts and sparklines drawn
// OFF-SCREEN and handed to Ink as finished text rows. Nothing else in the UI imports
// blessed-contrib, so it can be replaced here alone.
//
// What is used: blessed-contrib's line chart draws on a drawille canvas context
// (drawille-canvas-blessed-contrib: moveTo/lineTo/stroke with Bresenham lines, a braille cell
// per 2x4 pixels, per-cell ANSI colours), and its sparkline widget renders with the `sparkline`
// package. Both are loaded through blessed-contrib's own resolution (the exact versions it
// ships with). The widget objects themselves are not instantiated: each is a blessed.Box that
// needs a blessed screen (terminfo, its own input handling and output program — a second
// renderer), and blessed is not even a dependency of blessed-contrib. The line widget also
// reserves fixed padding (a 10-row box plots on 5 rows) and has no way to mark points on the
// time axis. So the canvas layer draws the data and the chart module composes axes, labels and
// markers as text around it. Measured: an 80x10 chart with four series renders in ~0.3 ms.

import { createRequire } from 'node:module';
import { RowBuilder, type Color } from '../view/style.js';

/** Colours the canvas knows (its eight ANSI names). */
export type ChartColor = Exclude<Color, 'gray'>;

/**
 * One series: a value per pixel column of the plot; undefined = no sample in that column (the
 * line runs on to the next one), NaN = a gap (the line breaks).
 */
export interface ChartSeries { values: (number | undefined)[]; color?: ChartColor | undefined }

/** A dashed vertical rule at pixel column `x` (e.g. a swap on the time axis). */
export interface ChartRule { x: number; color?: ChartColor | undefined }

export interface LineChartSpec {
  /** Size of the plot in terminal cells (each cell is 2x4 braille pixels). */
  cols: number;
  rows: number;
  /** The value drawn at the top pixel row (the bottom row is 0). */
  yMax: number;
  series: ChartSeries[];
  rules?: ChartRule[];
  noColor: boolean;
}

/** Braille pixels per terminal cell. */
export const PIXELS = { x: 2, y: 4 } as const;

interface DrawilleContext {
  strokeStyle: string;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  stroke(): void;
  _canvas: { frame(delimiter?: string): string };
}
type ContextClass = new (width: number, height: number) => DrawilleContext;
type Sparkline = (numbers: number[], options?: { min?: number; max?: number }) => string;

let libs: { Context: ContextClass; sparkline: Sparkline } | undefined;

/** blessed-contrib's canvas context and sparkline, resolved from blessed-contrib itself. */
function contrib(): { Context: ContextClass; sparkline: Sparkline } {
  if (!libs) {
    const fromHere = createRequire(import.meta.url);
    const fromContrib = createRequire(fromHere.resolve('blessed-contrib/package.json'));
    libs = {
      Context: fromContrib('drawille-canvas-blessed-contrib') as ContextClass,
      sparkline: fromContrib('sparkline') as Sparkline,
    };
  }
  return libs;
}

const SGR_COLORS: readonly ChartColor[] = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'];
const TOKEN = /\x1b\[([0-9;]*)m|([^\x1b])/g;

/** Re-encodes one row of the canvas frame (an escape pair around every cell) as compact runs. */
function recode(row: string, noColor: boolean): string {
  const b = new RowBuilder(noColor);
  let fg: ChartColor | undefined;
  for (const m of row.matchAll(TOKEN)) {
    if (m[2] !== undefined) { b.add(m[2], m[2] === ' ' ? {} : { fg }); continue; }
    for (const p of m[1]!.split(';')) {
      const n = Number(p);
      if (n >= 30 && n <= 37) fg = SGR_COLORS[n - 30];
      else if (n === 39 || n === 0) fg = undefined;
    }
  }
  return b.done();
}

/**
 * Draws `spec` and returns `spec.rows` strings of exactly `spec.cols` visible cells (SGR
 * colour runs, none with noColor). Series are drawn in order (later ones on top), after rules.
 */
export function lineChart(spec: LineChartSpec): string[] {
  const cols = Math.max(1, Math.floor(spec.cols)), rows = Math.max(1, Math.floor(spec.rows));
  const w = cols * PIXELS.x, h = rows * PIXELS.y;
  const ctx = new (contrib().Context)(w, h);
  const yOf = (v: number): number => {
    const t = spec.yMax > 0 ? v / spec.yMax : 0;
    return Math.max(0, Math.min(h - 1, Math.round((h - 1) * (1 - t))));
  };
  for (const r of spec.rules ?? []) {
    if (r.x < 0 || r.x >= w) continue;
    ctx.strokeStyle = r.color ?? 'normal';
    ctx.beginPath();
    for (let y = 0; y < h; y += 3) { ctx.moveTo(r.x, y); ctx.lineTo(r.x, Math.min(h - 1, y + 1)); }
    ctx.stroke();
  }
  for (const s of spec.series) {
    ctx.strokeStyle = s.color ?? 'normal';
    ctx.beginPath();
    let open = false;
    const n = Math.min(w, s.values.length);
    for (let x = 0; x < n; x++) {
      const v = s.values[x];
      if (v === undefined) continue;
      if (!Number.isFinite(v)) { open = false; continue; }
      const y = yOf(v);
      if (!open) { ctx.moveTo(x, y); open = true; }
      ctx.lineTo(x, y); // a lone point still draws one pixel
    }
    ctx.stroke();
  }
  const frame = ctx._canvas.frame('\n').split('\n');
  const out: string[] = [];
  for (let r = 0; r < rows; r++) out.push(recode(frame[r] ?? ' '.repeat(cols), spec.noColor));
  return out;
}

/** blessed-contrib's sparkline of `values` (▁..█), scaled to [0, max] (default: their maximum). */
export function sparkline(values: number[], max?: number): string {
  if (values.length === 0) return '';
  // The package works in 24.8 fixed point: keep values integral and far below 2^23.
  const clean = values.map((v) => Math.max(0, Math.min(8_000_000, Math.round(Number.isFinite(v) ? v : 0))));
  const top = Math.max(1, Math.round(max ?? Math.max(...clean)));
  return contrib().sparkline(clean.map((v) => Math.min(v, top)), { min: 0, max: top });
}
