// Panel 2: the physical memory map — one cell per user frame (or per group of frames when
// there are more frames than cells): free, ballooned, or the owner's letter (upper case when
// dirty, bold when referenced), with a one-line legend.

import { memo, useMemo, type ReactNode } from 'react';
import type { FrameCell, TelemetrySnapshot } from '../../session/telemetry.js';
import { frameMapView } from '../view/frame-map.js';
import { short } from '../view/format.js';
import { RowBuilder } from '../view/style.js';
import { Panel } from './Panel.js';

export interface FrameMapProps {
  frameMap: FrameCell[];
  frames: TelemetrySnapshot['frames'];
  width: number;
  height: number;
  focused: boolean;
  noColor: boolean;
}

/** The legend row (exactly `width` cells). */
export function legendRow(perCell: number, width: number, noColor: boolean): string {
  const parts: [string, string][] = [['·', 'free'], ['░', 'balloon'], ['A', 'dirty'], ['a', 'clean']];
  const b = new RowBuilder(noColor);
  let used = 0;
  const scale = perCell > 1 ? (width >= 44 ? `1 cell=${perCell} frames ` : `${perCell}fr/cell `) : (width >= 44 ? '1 cell=1 frame ' : '');
  if (scale.length <= width) { b.add(scale, { dim: true }); used += scale.length; }
  for (const [g, what] of parts) {
    const t = `${g} ${what} `;
    if (used + t.length > width) break;
    b.add(g, g === '·' ? { dim: true } : g === '░' ? { fg: 'gray' } : { bold: true }).add(` ${what} `, { dim: true });
    used += t.length;
  }
  return b.add(' '.repeat(Math.max(0, width - used))).done();
}

export const FrameMap = memo(function FrameMap(p: FrameMapProps): ReactNode {
  const inner = Math.max(1, p.height - 2);
  const view = useMemo(() => frameMapView(p.frameMap, p.width, inner, p.noColor), [p.frameMap, p.width, inner, p.noColor]);
  const f = p.frames;
  const extra = `${short(f.total - f.ballooned)}/${short(f.total)} frames, ${short(f.free)} free${f.ballooned ? `, ${short(f.ballooned)} ballooned` : ''}, ${short(f.pageTables)} pt`;
  const rows = useMemo(() => (p.height >= 3 ? [...view.rows, legendRow(view.perCell, p.width, p.noColor)] : view.rows), [view, p.height, p.width, p.noColor]);
  return <Panel index={2} title="Memory" extra={extra} width={p.width} height={p.height} focused={p.focused} noColor={p.noColor} rows={rows} />;
});

