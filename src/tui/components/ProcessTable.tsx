// Panel 3: the processes — pid, name, state, resident set, minor/major faults, current fault
// rate (with a sparkline of its recent history where there is room) and frame quota. Live
// processes first; the selected one (the kill key's target) is marked.

import { memo, useMemo, type ReactNode } from 'react';
import type { ProcessRow, RatePoint } from '../../session/telemetry.js';
import { sparkline } from '../charts/contrib.js';
import { short } from '../view/format.js';
import { pidColor, pidLetter } from '../view/palette.js';
import { fit, RowBuilder } from '../view/style.js';
import { Panel } from './Panel.js';

export interface ProcessTableProps {
  processes: ProcessRow[];
  series: RatePoint[];
  selectedPid: number | undefined;
  width: number;
  height: number;
  focused: boolean;
  noColor: boolean;
}

/** Processes in display order: live ones by pid, then the most recently ended. */
export function processOrder(ps: ProcessRow[]): ProcessRow[] {
  const live = ps.filter((p) => p.state === 'running');
  const ended = ps.filter((p) => p.state !== 'running').sort((a, b) => b.pid - a.pid);
  return [...live, ...ended];
}

/** The pid the kill key acts on: the selected one if it is live, else the first live one. */
export function effectiveSelection(ps: ProcessRow[], selected: number | undefined): number | undefined {
  const live = ps.filter((p) => p.state === 'running');
  return live.find((p) => p.pid === selected)?.pid ?? live[0]?.pid;
}

interface Column { h: string; w: number; right: boolean; value: (r: ProcessRow, live: boolean) => string }

/** Columns in display order; `drop` lists which go first when the panel is narrow. */
const COLUMNS: readonly Column[] = [
  { h: 'pid', w: 4, right: true, value: (r) => String(r.pid) },
  { h: 'name', w: 8, right: false, value: (r) => r.name },
  { h: 'state', w: 7, right: false, value: (r, live) => (live ? 'running' : r.state.startsWith('killed') ? r.state.replace(/^killed \((\w+)\)$/, '$1') : `exit ${r.exitCode ?? ''}`) },
  { h: 'RSS', w: 5, right: true, value: (r) => short(r.rss) },
  { h: 'minor', w: 5, right: true, value: (r) => short(r.minor) },
  { h: 'major', w: 5, right: true, value: (r) => short(r.major) },
  { h: 'rate/M', w: 6, right: true, value: (r, live) => (live ? short(r.rate) : '-') },
  { h: 'quota', w: 5, right: true, value: (r) => short(r.quota) },
];
const DROP = ['quota', 'minor', 'state'];

function cell(text: string, w: number, right: boolean): string {
  const t = text.length > w ? text.slice(0, w) : text;
  return right ? t.padStart(w) : t.padEnd(w);
}

/** The columns that fit `width` (after the 2-cell selection/letter prefix). */
function columnsFor(width: number): Column[] {
  let cols = [...COLUMNS];
  const need = (cs: Column[]): number => 2 + cs.reduce((a, c) => a + c.w + 1, 0);
  for (const d of DROP) if (need(cols) > width) cols = cols.filter((c) => c.h !== d);
  return cols;
}

/** The table's rows: a header, then one row per process (at most `rows` - 1). */
export function tableRows(p: Omit<ProcessTableProps, 'height' | 'focused'> & { rows: number; focused?: boolean }): string[] {
  const cols = columnsFor(p.width);
  const base = 2 + cols.reduce((a, c) => a + c.w + 1, 0);
  const trendW = Math.min(20, p.width - base - 1);
  const head = new RowBuilder(p.noColor).add('  ').add(cols.map((c) => ' ' + cell(c.h, c.w, c.right)).join(''), { dim: true });
  if (trendW >= 4) head.add(' ' + cell('trend', trendW, false), { dim: true });
  const used = base + (trendW >= 4 ? trendW + 1 : 0);
  const out = [fitRow(head.done(), p.width, used)];
  const sel = effectiveSelection(p.processes, p.selectedPid);
  const list = processOrder(p.processes).slice(0, Math.max(0, p.rows - 1));
  const recent = p.series.slice(-trendW);
  for (const r of list) {
    const live = r.state === 'running';
    const selected = r.pid === sel;
    const b = new RowBuilder(p.noColor);
    b.add(selected ? '›' : ' ', { bold: true }).add(pidLetter(r.pid), { fg: pidColor(r.pid), bold: true });
    b.add(cols.map((c) => ' ' + cell(c.value(r, live), c.w, c.right)).join(''), selected && p.focused ? { inverse: true } : live ? {} : { dim: true });
    if (trendW >= 4) b.add(' ').add((live ? sparkline(recent.map((pt) => pt.perPid[r.pid] ?? 0)) : '').padEnd(trendW), { fg: pidColor(r.pid) });
    out.push(fitRow(b.done(), p.width, used));
  }
  if (p.processes.length === 0) out.push(fit('  no processes: press a to add a workload', p.width));
  return out;
}

/** Pads a built row whose visible length is `len` to `width` (rows never exceed it: Ink truncates). */
function fitRow(row: string, width: number, len: number): string {
  return len < width ? row + ' '.repeat(width - len) : row;
}

export const ProcessTable = memo(function ProcessTable(p: ProcessTableProps): ReactNode {
  const rows = useMemo(() => tableRows({ ...p, rows: p.height - 1 }), [p]);
  const live = p.processes.filter((q) => q.state === 'running').length;
  return (
    <Panel index={3} title="Processes" extra={`${live} running`} width={p.width} height={p.height} focused={p.focused} noColor={p.noColor} rows={rows} />
  );
});
