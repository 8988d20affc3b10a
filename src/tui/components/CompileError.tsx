// Panel 6: the last compile failure of a service file — file:line:col, the message and the code
// frame — shown until a version is swapped in. The running version keeps serving meanwhile.

import { memo, useMemo, type ReactNode } from 'react';
import type { CompileErrorEvent } from '../view/events.js';
import { displayPath } from '../view/format.js';
import { fit, RowBuilder } from '../view/style.js';
import { Panel } from './Panel.js';

export interface CompileErrorProps {
  errors: CompileErrorEvent[];
  width: number;
  height: number;
  focused: boolean;
  noColor: boolean;
}

/** Rows the panel wants for `errors` (without its title). */
export function compileRowCount(errors: CompileErrorEvent[] | undefined): number {
  if (!errors || errors.length === 0) return 0;
  const e = errors[0]!;
  return 1 + (e.frame ? e.frame.split('\n').length : 0);
}

export function compileRows(errors: CompileErrorEvent[], width: number, noColor: boolean): string[] {
  const e = errors[0];
  if (!e) return [];
  const where = e.line > 0 ? `${displayPath(e.file)}:${e.line}:${e.column}` : displayPath(e.file);
  const out = [new RowBuilder(noColor).add(fit(`x ${where}: ${e.message}`, width), { fg: 'red', bold: true }).done()];
  for (const line of e.frame ? e.frame.split('\n') : []) {
    const caret = /^\s*\|\s*\^+\s*$/.test(line);
    out.push(new RowBuilder(noColor).add(fit(`  ${line}`, width), caret ? { fg: 'red', bold: true } : {}).done());
  }
  return out;
}

export const CompileError = memo(function CompileError(p: CompileErrorProps): ReactNode {
  const rows = useMemo(() => compileRows(p.errors, p.width, p.noColor), [p.errors, p.width, p.noColor]);
  const more = p.errors.length > 1 ? `, +${p.errors.length - 1} more` : '';
  return (
    <Panel index={6} title="Compile failed" extra={`the running version keeps serving${more}; save a fix`} width={p.width} height={p.height} focused={p.focused} noColor={p.noColor} rows={rows} />
  );
});
