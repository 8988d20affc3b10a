// A modal list (the policy picker, the workload picker): ↑/↓ to move, Enter to choose, Esc to
// cancel. Shown in place of the panels.

import { Box } from 'ink';
import { memo, type ReactNode } from 'react';
import { fit, RowBuilder } from '../view/style.js';
import { Block } from './Block.js';

export interface PickerItem { label: string; detail: string }

export interface PickerProps {
  title: string;
  items: PickerItem[];
  index: number;
  width: number;
  height: number;
  noColor: boolean;
}

export function pickerRows(p: PickerProps): string[] {
  const out: string[] = [new RowBuilder(p.noColor).add(fit(` ${p.title}`, p.width), { bold: true }).done(), ''];
  const room = Math.max(1, p.height - 4);
  const first = Math.max(0, Math.min(p.index - Math.floor(room / 2), p.items.length - room));
  const labelW = Math.min(28, Math.max(...p.items.map((i) => i.label.length), 4) + 2);
  p.items.slice(first, first + room).forEach((item, k) => {
    const i = first + k;
    const sel = i === p.index;
    out.push(new RowBuilder(p.noColor)
      .add(sel ? ' › ' : '   ', { bold: true, fg: 'cyan' })
      .add(fit(item.label, labelW), sel ? { inverse: true, bold: true } : { bold: true })
      .add(fit(` ${item.detail}`, Math.max(0, p.width - 3 - labelW)), { dim: !sel })
      .done());
  });
  out.push('');
  out.push(new RowBuilder(p.noColor).add(fit(' ↑/↓ move · Enter choose · Esc cancel', p.width), { dim: true }).done());
  return out;
}

export const Picker = memo(function Picker(p: PickerProps): ReactNode {
  return (
    <Box width={p.width} height={p.height}>
      <Block rows={pickerRows(p)} width={p.width} height={p.height} />
    </Box>
  );
});
