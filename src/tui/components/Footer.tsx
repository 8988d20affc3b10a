// The footer: one line of key hints (as many as fit), preceded for a few seconds by the latest
// status message (what a key did, or why it could not).

import { Box } from 'ink';
import { memo, type ReactNode } from 'react';
import type { StatusMessage } from '../state/ui-store.js';
import { SEVERITY_COLOR } from '../view/events.js';
import { KEYS } from '../view/keys.js';
import { fit, RowBuilder } from '../view/style.js';
import { Block } from './Block.js';

export interface FooterProps {
  message: StatusMessage | undefined;
  /** Milliseconds a message stays. */
  messageMs?: number;
  now: number;
  width: number;
  noColor: boolean;
}

export function footerLine(p: FooterProps): string {
  const b = new RowBuilder(p.noColor);
  let used = 0;
  const m = p.message && p.now - p.message.at < (p.messageMs ?? 6000) ? p.message : undefined;
  if (m) {
    const text = fit(` ${m.text} `, Math.min(m.text.length + 2, p.width));
    b.add(text, { inverse: true, bold: true, fg: SEVERITY_COLOR[m.severity] });
    used += text.length;
  }
  for (const k of KEYS) {
    const t = ` ${k.keys} ${k.hint} `;
    if (used + t.length + 1 > p.width) break;
    b.add(' ').add(k.keys, { bold: true, fg: 'cyan' }).add(` ${k.hint}`, { dim: true });
    used += t.length - 1;
  }
  return b.add(' '.repeat(Math.max(0, p.width - used))).done();
}

export const Footer = memo(function Footer(p: FooterProps): ReactNode {
  return (
    <Box height={1} width={p.width}>
      <Block rows={[footerLine(p)]} width={p.width} height={1} />
    </Box>
  );
});
