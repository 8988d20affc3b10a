// The header: what is running, which service file(s) are watched and how to customise them
// ("edit <file> in any editor, or press e"), and the machine's state (running/paused, speed, MIPS).

import { Box } from 'ink';
import { memo, type ReactNode } from 'react';
import { displayPath, short, speedLabel } from '../view/format.js';
import { fit, RowBuilder } from '../view/style.js';
import { Block } from './Block.js';

export interface HeaderProps {
  title: string;
  watched: string[];
  paused: boolean;
  speed: number;
  mips: number;
  instructions: number;
  width: number;
  rows: 1 | 2;
  noColor: boolean;
  /** A demo's caption: takes the second row instead of the customisation hint. */
  caption?: string | undefined;
}

/** The customisation hint. */
export function customizeHint(watched: string[]): string {
  if (watched.length === 0) return 'press p to switch policy live';
  return `edit ${watched.map((w) => displayPath(w)).join(', ')} in any editor, or press e — every save goes live`;
}

/** Rows the header needs at `width` (1 when title, hint and status fit on one line). */
export function headerRows(p: Pick<HeaderProps, 'title' | 'watched' | 'width'>): 1 | 2 {
  return 9 + customizeHint(p.watched).length + 2 + 40 <= p.width ? 1 : 2;
}

export function headerLines(p: HeaderProps): string[] {
  const state = p.paused ? '❚❚ paused' : `▶ ${short(p.mips * 1e6)} instr/s`;
  const status = `${state} · speed ${speedLabel(p.speed)} · ${short(p.instructions)} instr`;
  const hint = customizeHint(p.watched);
  const b = new RowBuilder(p.noColor).add(' milklab ', { inverse: true, bold: true, fg: 'cyan' });
  if (p.rows === 1) {
    const room = p.width - 9 - status.length - 1;
    b.add(' ' + fit(hint, Math.max(0, room - 1)), { bold: true });
    return [b.add(' ').add(status, { fg: p.paused ? 'yellow' : 'green', bold: p.paused }).done()];
  }
  const room = p.width - 9 - status.length - 1;
  b.add(' ' + fit(p.title, Math.max(0, room - 1)), { dim: true }).add(' ').add(status, { fg: p.paused ? 'yellow' : 'green', bold: p.paused });
  const second = p.caption
    ? new RowBuilder(p.noColor).add(fit(` ${p.caption}`, p.width), { bold: true, inverse: true, fg: 'yellow' }).done()
    : new RowBuilder(p.noColor).add(fit(` ${hint}`, p.width), { bold: true }).done();
  return [b.done(), second];
}

export const Header = memo(function Header(p: HeaderProps): ReactNode {
  return (
    <Box height={p.rows} width={p.width}>
      <Block rows={headerLines(p)} width={p.width} height={p.rows} />
    </Box>
  );
});
