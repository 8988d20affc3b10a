// Panel 5: the event log — swaps, rollbacks, compile errors with file:line:col, kills, process
// starts and exits — newest at the bottom, with the wall-clock time each arrived. Scrolls with
// the arrow keys when focused.

import { memo, useMemo, type ReactNode } from 'react';
import type { JournalEntry } from '../state/journal.js';
import { describeEvent, SEVERITY_COLOR, SEVERITY_MARK } from '../view/events.js';
import { clock } from '../view/format.js';
import { fit, RowBuilder } from '../view/style.js';
import { Panel } from './Panel.js';

export interface EventLogProps {
  entries: JournalEntry[];
  /** Lines scrolled up from the newest. */
  scroll: number;
  width: number;
  height: number;
  focused: boolean;
  noColor: boolean;
}

export function eventRows(entries: JournalEntry[], scroll: number, rows: number, width: number, noColor: boolean): string[] {
  const end = Math.max(0, entries.length - Math.max(0, scroll));
  const shown = entries.slice(Math.max(0, end - rows), end);
  const out = shown.map(({ at, event }) => {
    const d = describeEvent(event);
    return new RowBuilder(noColor)
      .add(clock(at) + ' ', { dim: true })
      .add(SEVERITY_MARK[d.severity] + ' ', { fg: SEVERITY_COLOR[d.severity], bold: true })
      .add(fit(d.text, Math.max(0, width - 11)), { fg: SEVERITY_COLOR[d.severity] })
      .done();
  });
  if (entries.length === 0) out.push(fit('  no events yet', width));
  return out;
}

export const EventLog = memo(function EventLog(p: EventLogProps): ReactNode {
  const inner = Math.max(0, p.height - 1);
  const rows = useMemo(() => eventRows(p.entries, p.scroll, inner, p.width, p.noColor), [p.entries, p.scroll, inner, p.width, p.noColor]);
  const extra = p.scroll > 0 ? `scrolled up ${p.scroll} (↓ to follow)` : `${p.entries.length} events`;
  return (
    <Panel index={5} title="Events" extra={extra} width={p.width} height={p.height} focused={p.focused} noColor={p.noColor} rows={rows} />
  );
});
