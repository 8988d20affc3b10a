// The fault-rate chart as text rows: y labels, the braille plot (through the charts adapter),
// the time axis in instructions with a tick for every swap/rollback/fallback marker, and the
// markers' labels with the fault rate before and after each. Pure: a snapshot in, rows out.

import type { Marker, RatePoint } from '../../session/telemetry.js';
import { lineChart, PIXELS, type ChartColor, type ChartSeries } from '../charts/contrib.js';
import { short } from './format.js';
import { MARKER_COLOR, pidColor, pidLetter, TOTAL_COLOR, TOTAL_MARK } from './palette.js';
import { fit, RowBuilder } from './style.js';

export interface ChartInput {
  series: RatePoint[];
  markers: Marker[];
  /** Inner size in cells. */
  width: number;
  height: number;
  noColor: boolean;
  /** Draw per-process series (else the total only). */
  perProcess?: boolean;
}

export interface ChartView {
  rows: string[];
  /** One line about the latest marker, for the panel title ('' when none). */
  summary: string;
}

const Y_LABEL = 5;
const END = 2;

/** "v2 clock 4.4k→1.2k": a marker's label with the total rate before and after it. */
export function markerLabel(m: Marker): string {
  const kind = m.kind === 'swap' ? '' : m.kind === 'rollback' ? 'rollback→' : 'fallback→';
  const rate = (v: number | undefined): string => (v === undefined ? '…' : short(v));
  return `${kind}${m.label} ${rate(m.before)}→${rate(m.after)}`;
}

/** A round number ≥ v (1, 2, 5 × 10^k). */
export function niceCeil(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

/** The chart's rows for `input` (exactly `height` rows of `width` cells). */
export function chartView(input: ChartInput): ChartView {
  const { series, markers, width, height, noColor } = input;
  const last = markers.at(-1);
  const summary = last ? `${last.kind} ${markerLabel(last)} faults/M` : '';
  const plotCols = width - Y_LABEL - 1 - END;
  const plotRows = height - 2;
  if (series.length < 2 || plotCols < 6 || plotRows < 1) {
    const msg = series.length < 2 ? 'collecting samples (one per million instructions)…' : 'too small for a chart';
    const rows = Array.from({ length: Math.max(0, height) }, (_, i) => (i === Math.floor(height / 2) ? fit(`  ${msg}`, width) : ' '.repeat(Math.max(0, width))));
    return { rows, summary };
  }
  const pw = plotCols * PIXELS.x;
  const x0 = series[0]!.instructions, x1 = series.at(-1)!.instructions;
  const span = Math.max(1, x1 - x0);
  const colOf = (instr: number): number => Math.round(((instr - x0) / span) * (pw - 1));

  // Aggregate points per pixel column (mean), per pid and in total. A column where a pid has
  // no value but the total has one is a gap in that pid's line (it had not started or had ended).
  const sums = new Map<number, { sum: Float64Array; n: Uint32Array }>();
  const acc = (key: number): { sum: Float64Array; n: Uint32Array } => {
    let a = sums.get(key);
    if (!a) { a = { sum: new Float64Array(pw), n: new Uint32Array(pw) }; sums.set(key, a); }
    return a;
  };
  const TOTAL = 0;
  for (const pt of series) {
    const x = colOf(pt.instructions);
    const t = acc(TOTAL); t.sum[x]! += pt.total; t.n[x]!++;
    if (input.perProcess === false) continue;
    for (const [pid, v] of Object.entries(pt.perPid)) { const a = acc(Number(pid)); a.sum[x]! += v; a.n[x]!++; }
  }
  const sampled = sums.get(TOTAL)!.n;
  const values = (key: number): (number | undefined)[] => {
    const a = sums.get(key)!;
    return Array.from(a.sum, (s, i) => (a.n[i]! > 0 ? s / a.n[i]! : sampled[i]! > 0 ? NaN : undefined));
  };
  const smooth = series.length >= 30; // 1M-instruction samples are noisy: a 3-column moving mean
  const total = smooth ? movingMean(values(TOTAL)) : values(TOTAL);
  const yMax = niceCeil(Math.max(1, ...total.map((v) => v ?? 0)) * 1.05); // the total bounds every pid
  const pids = [...sums.keys()].filter((k) => k !== TOTAL).sort((a, b) => a - b);
  const drawn: { key: number; mark: string; color: ChartColor; values: (number | undefined)[] }[] = pids.map((pid) => ({ key: pid, mark: pidLetter(pid), color: pidColor(pid) as ChartColor, values: smooth ? movingMean(values(pid)) : values(pid) }));
  drawn.push({ key: TOTAL, mark: TOTAL_MARK, color: TOTAL_COLOR as ChartColor, values: total });

  const inWindow = markers.filter((m) => m.instructions >= x0 && m.instructions <= x1);
  const plot = lineChart({
    cols: plotCols, rows: plotRows, yMax, noColor,
    series: drawn.map((d): ChartSeries => ({ values: d.values, color: d.color })),
    rules: inWindow.map((m) => ({ x: colOf(m.instructions), color: MARKER_COLOR[m.kind] as ChartColor })),
  });

  // End labels: each series' letter beside its latest value (nudged to a free row).
  const ends: ({ mark: string; color: ChartColor } | undefined)[] = new Array(plotRows).fill(undefined);
  for (const d of [...drawn].reverse()) {
    let lastV: number | undefined;
    for (let i = d.values.length - 1; i >= 0 && lastV === undefined; i--) lastV = d.values[i];
    if (lastV === undefined || Number.isNaN(lastV)) continue; // ended: no label at the right edge
    const want = Math.max(0, Math.min(plotRows - 1, Math.round((plotRows - 1) * (1 - lastV / yMax))));
    // The nearest free row: want, want+1, want-1, want+2, …
    for (let k = 0; k < 2 * plotRows; k++) {
      const r = want + (k % 2 === 0 ? k / 2 : -(k + 1) / 2);
      if (r >= 0 && r < plotRows && ends[r] === undefined) { ends[r] = { mark: d.mark, color: d.color }; break; }
    }
  }

  const rows: string[] = [];
  const mid = plotRows >= 4 ? Math.floor((plotRows - 1) / 2) : -1;
  for (let r = 0; r < plotRows; r++) {
    const label = r === 0 ? short(yMax) : r === mid ? short(yMax * (1 - (r + 0.5) / plotRows)) : '';
    const b = new RowBuilder(noColor).add(label.padStart(Y_LABEL), { dim: true }).add(r === 0 || label ? '┤' : '│', { dim: true });
    const end = ends[r];
    rows.push(b.done() + plot[r] + new RowBuilder(noColor).add(' ').add(end ? end.mark : ' ', end ? { fg: end.color, bold: true } : {}).done());
  }
  // The time axis with marker ticks, then the labels row.
  const axis = new RowBuilder(noColor).add('0'.padStart(Y_LABEL) + '└', { dim: true });
  const ticks = new Map<number, Marker>();
  for (const m of inWindow) ticks.set(Math.floor(colOf(m.instructions) / PIXELS.x), m);
  for (let c = 0; c < plotCols; c++) {
    const m = ticks.get(c);
    axis.add(m ? '┴' : '─', m ? { fg: MARKER_COLOR[m.kind], bold: true } : { dim: true });
  }
  rows.push(axis.add(' '.repeat(END)).done());
  rows.push(labelsRow(x0, x1, inWindow, colOf, plotCols, width, noColor));
  return { rows, summary };
}

/** Each defined value replaced by the mean of it and its defined neighbours (gaps stay gaps). */
function movingMean(v: (number | undefined)[]): (number | undefined)[] {
  const ok = (x: number | undefined): x is number => x !== undefined && !Number.isNaN(x);
  const at = (i: number, dir: 1 | -1): number | undefined => {
    for (let j = i + dir; j >= 0 && j < v.length; j += dir) { if (v[j] === undefined) continue; return ok(v[j]) ? v[j] : undefined; }
    return undefined;
  };
  return v.map((x, i) => {
    if (!ok(x)) return x;
    const n = [at(i, -1), x, at(i, 1)].filter(ok);
    return n.reduce((a, b) => a + b, 0) / n.length;
  });
}

/** The row under the axis: the window's first and last instruction counts, then marker labels. */
function labelsRow(x0: number, x1: number, ms: Marker[], colOf: (i: number) => number, plotCols: number, width: number, noColor: boolean): string {
  const cells: { ch: string; color?: ChartColor | undefined; bold?: boolean }[] = Array.from({ length: width }, () => ({ ch: ' ' }));
  const put = (at: number, text: string, color?: ChartColor, bold = false): void => {
    for (let i = 0; i < text.length && at + i < width; i++) if (at + i >= 0) cells[at + i] = { ch: text[i]!, color, bold };
  };
  // Latest markers first; a label that would overlap one already placed is left out.
  const taken: [number, number][] = [];
  const free = (at: number, len: number): boolean => !taken.some(([a, b]) => at < b + 1 && at + len + 1 > a);
  for (const m of [...ms].reverse()) {
    const text = `▲${markerLabel(m)}`;
    const col = Y_LABEL + 1 + Math.floor(colOf(m.instructions) / PIXELS.x);
    const at = Math.max(0, Math.min(width - text.length, col));
    if (!free(at, text.length)) continue;
    taken.push([at, at + text.length]);
    put(at, text, MARKER_COLOR[m.kind] as ChartColor, true);
  }
  // The window's ends, where no marker label is.
  const left = `${short(x0)} instr`, right = short(x1);
  const rightAt = Y_LABEL + 1 + plotCols - right.length;
  if (free(Y_LABEL, left.length)) put(Y_LABEL, left);
  if (free(rightAt, right.length)) put(rightAt, right);
  const b = new RowBuilder(noColor);
  for (const c of cells) b.add(c.ch, c.color ? { fg: c.color, bold: c.bold ?? false } : { dim: true });
  return b.done();
}
