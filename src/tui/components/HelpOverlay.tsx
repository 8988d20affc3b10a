// The help overlay (?): every key with what it does, and how to read each panel.

import { Box } from 'ink';
import { memo, type ReactNode } from 'react';
import { customizeHint } from './Header.js';
import { KEYS, PANEL_HELP } from '../view/keys.js';
import { fit, RowBuilder } from '../view/style.js';
import { Block } from './Block.js';

export interface HelpOverlayProps { watched: string[]; width: number; height: number; noColor: boolean }

export function helpRows(p: HelpOverlayProps): string[] {
  const w = p.width;
  const out: string[] = [];
  out.push(new RowBuilder(p.noColor).add(fit(' milklab — memory-management services of an emulated RISC-V machine, live', w), { bold: true }).done());
  out.push(fit(` To customise: ${customizeHint(p.watched)}.`, w));
  out.push('');
  for (const k of KEYS) out.push(new RowBuilder(p.noColor).add(` ${k.keys.padEnd(6)}`, { bold: true, fg: 'cyan' }).add(fit(` ${k.help}`, Math.max(0, w - 7))).done());
  out.push('');
  for (const l of PANEL_HELP) out.push(fit(` ${l}`, w));
  out.push('');
  out.push(new RowBuilder(p.noColor).add(fit(' press any key to close', w), { dim: true }).done());
  return out.slice(0, p.height);
}

export const HelpOverlay = memo(function HelpOverlay(p: HelpOverlayProps): ReactNode {
  return (
    <Box width={p.width} height={p.height}>
      <Block rows={helpRows(p)} width={p.width} height={p.height} />
    </Box>
  );
});
