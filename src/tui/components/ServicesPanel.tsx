// Panel 4: the services serving the machine — per slot its name, version and source, status
// (serving / probation / degraded), whether it runs isolated, call latency p50/p99, and the last
// error. Statuses carry a symbol as well as a colour.

import { memo, useMemo, type ReactNode } from 'react';
import type { SlotInfo } from '../../services/live/slot.js';
import { displayPath, micros, short } from '../view/format.js';
import { fit, RowBuilder, type Color } from '../view/style.js';
import { Panel } from './Panel.js';

export interface ServicesPanelProps {
  services: SlotInfo[];
  width: number;
  height: number;
  focused: boolean;
  noColor: boolean;
}

const STATUS: Record<SlotInfo['status'], { mark: string; color: Color }> = {
  serving: { mark: '●', color: 'green' },
  probation: { mark: '◐', color: 'yellow' },
  degraded: { mark: '✗', color: 'red' },
};

/** Rows the panel wants for `services`. */
export function serviceRowCount(services: SlotInfo[]): number {
  return services.reduce((a, s) => a + 3 + (s.lastError ? 1 : 0), 0);
}

export function serviceRows(services: SlotInfo[], width: number, noColor: boolean): string[] {
  const out: string[] = [];
  for (const s of services) {
    const st = STATUS[s.status];
    const src = s.label === s.name ? 'built-in' : displayPath(s.label);
    const head = `${s.service}: ${s.name} v${s.version}`;
    out.push(new RowBuilder(noColor).add(fit(head, Math.min(head.length, width)), { bold: true }).add(fit(` ${src}`, Math.max(0, width - head.length)), { dim: true }).done());
    const where = s.isolated ? 'isolated' : 'in-process';
    const state = `${st.mark} ${s.status}`;
    out.push(new RowBuilder(noColor).add(' ' + state, { fg: st.color, bold: s.status !== 'serving' }).add(fit(` · ${where}${s.standby ? ` · standby v${s.standby.version}` : ''}`, Math.max(0, width - state.length - 1)), { dim: true }).done());
    if (s.lastError) out.push(new RowBuilder(noColor).add(fit(` x last error: ${s.lastError}`, width), { fg: 'red' }).done());
    const l = s.latency;
    out.push(fit(` p50 ${micros(l.p50Us)} p99 ${micros(l.p99Us)} · ${short(l.calls)} calls`, width));
  }
  if (out.length === 0) out.push(fit(' no services', width));
  return out;
}

export const ServicesPanel = memo(function ServicesPanel(p: ServicesPanelProps): ReactNode {
  const rows = useMemo(() => serviceRows(p.services, p.width, p.noColor), [p.services, p.width, p.noColor]);
  return (
    <Panel index={4} title="Services" width={p.width} height={p.height} focused={p.focused} noColor={p.noColor} rows={rows} />
  );
});
