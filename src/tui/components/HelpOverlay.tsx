// The help overlay (?): every key with what it does, and how to read each panel.

import { Box } from 'ink';
import { memo, type ReactNode } from 'react';
import { customizeHint } from './Header.js';
import { KEYS, PANEL_HELP, PANEL_HELP_SHORT } from '../view/keys.js';
import { fit, RowBuilder } from '../view/style.js';
import { Block } from './Block.js';

export interface HelpOverlayProps { watched: string[]; width: number; height: number; noColor: boolean }

/**
 * The overlay's rows for a `width` x `height` area. Contract: at most `height` rows; when the full
 * help does not fit (an 80x24 terminal), blank lines go and the panel help shrinks to one line
 * per panel; the closing hint is always the last row.
 */
export function helpRows(p: HelpOverlayProps): string[] {
  const w = p.width;
  const full = 3 + KEYS.length + 1 + PANEL_HELP.length + 2;
  const compact = full > p.height;
  const blank = (): void => { if (!compact) out.push(''); };
  const out: string[] = [];
  out.push(new RowBuilder(p.noColor).add(fit(' milklab — memory-management services of an emulated RISC-V machine, live', w), { bold: true }).done());
  out.push(fit(` To customise: ${customizeHint(p.watched)}.`, w));
  blank();
  for (const k of KEYS) out.push(new RowBuilder(p.noColor).add(` ${k.keys.padEnd(6)}`, { bold: true, fg: 'cyan' }).add(fit(` ${k.help}`, Math.max(0, w - 7))).done());
  blank();
  for (const l of compact ? PANEL_HELP_SHORT : PANEL_HELP) out.push(fit(` ${l}`, w));
  blank();
  const close = new RowBuilder(p.noColor).add(fit(' press any key to close', w), { dim: true }).done();
  return p.height <= 0 ? [] : [...out.slice(0, p.height - 1), close];
}

export const HelpOverlay = memo(function HelpOverlay(p: HelpOverlayProps): ReactNode {
  return (
    <Box width={p.width} height={p.height}>
      <Block rows={helpRows(p)} width={p.width} height={p.height} />
    </Box>
  );
});
