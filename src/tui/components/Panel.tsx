// A panel: a title rule ("─3 Processes── extra ───") over its content, in an explicit
// width x height rectangle. The focused panel's title is drawn inverse and bold.

import { Box } from 'ink';
import { useMemo, type ReactNode } from 'react';
import { cut, RowBuilder } from '../view/style.js';
import { Block } from './Block.js';

export interface PanelProps {
  /** Focus key (1-6) shown before the title. */
  index: number;
  title: string;
  /** Extra text after the title (counts, the latest marker, …). */
  extra?: string | undefined;
  width: number;
  height: number;
  focused: boolean;
  noColor: boolean;
  /** Content rows (pre-rendered, at most `width` cells each; extra rows are not shown). */
  rows: readonly string[];
}

/** The title row of a panel: exactly `width` cells. */
export function titleRow(p: Pick<PanelProps, 'index' | 'title' | 'extra' | 'width' | 'focused' | 'noColor'>): string {
  const head = cut(` ${p.index} ${p.title} `, Math.max(0, p.width - 1));
  const room = p.width - 1 - head.length;
  let extra = p.extra ? ` ${p.extra} ` : '';
  if (extra.length > room) extra = room > 4 ? cut(extra, room - 2) + ' ' : '';
  return new RowBuilder(p.noColor)
    .add('─', { dim: true })
    .add(head, p.focused ? { inverse: true, bold: true, fg: 'cyan' } : { bold: true })
    .add(extra)
    .add('─'.repeat(Math.max(0, room - extra.length)), { dim: true })
    .done();
}

export function Panel(p: PanelProps): ReactNode {
  const rows = useMemo(() => [titleRow(p), ...p.rows], [p.index, p.title, p.extra, p.width, p.focused, p.noColor, p.rows]);
  return (
    <Box width={p.width} height={p.height}>
      <Block rows={rows} width={p.width} height={p.height} />
    </Box>
  );
}
