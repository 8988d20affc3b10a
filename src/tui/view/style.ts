// Terminal styling for the UI's pre-rendered rows: one SGR-coded string per row keeps the React
// tree small (one <Text> per row instead of one per cell). NO_COLOR drops colours, never meaning:
// attributes (bold, dim, underline, inverse) stay, and every state also has a letter or symbol.

export type Color = 'black' | 'red' | 'green' | 'yellow' | 'blue' | 'magenta' | 'cyan' | 'white' | 'gray';

export interface Style { fg?: Color | undefined; bold?: boolean; dim?: boolean; underline?: boolean; inverse?: boolean }

const FG: Record<Color, number> = { black: 30, red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, white: 37, gray: 90 };

/** True when the NO_COLOR convention (https://no-color.org) asks for no colours. */
export function noColorFrom(env: NodeJS.ProcessEnv): boolean {
  return env.NO_COLOR !== undefined && env.NO_COLOR !== '';
}

/** The SGR parameters of `st` ('' for none). */
function codes(st: Style, noColor: boolean): string {
  const c: number[] = [];
  if (st.bold) c.push(1);
  if (st.dim) c.push(2);
  if (st.underline) c.push(4);
  if (st.inverse) c.push(7);
  if (st.fg && !noColor) c.push(FG[st.fg]);
  return c.join(';');
}

/** `text` wrapped in the escape codes of `st` (plain text when there is nothing to apply). */
export function paint(text: string, st: Style, noColor: boolean): string {
  if (text === '') return '';
  const c = codes(st, noColor);
  return c === '' ? text : `\x1b[${c}m${text}\x1b[0m`;
}

/** Builds a row of cells, merging neighbours of the same style into one escape run. */
export class RowBuilder {
  private out = '';
  private run = '';
  private key = '';
  private st: Style = {};
  constructor(private readonly noColor: boolean) {}
  /** Appends `text` in style `st`. */
  add(text: string, st: Style = {}): this {
    const k = codes(st, this.noColor);
    if (k !== this.key) { this.flush(); this.key = k; this.st = st; }
    this.run += text;
    return this;
  }
  private flush(): void {
    if (this.run) this.out += paint(this.run, this.st, this.noColor);
    this.run = '';
  }
  /** The finished row. */
  done(): string { this.flush(); return this.out; }
}

const ANSI = /\x1b\[[0-9;]*m/g;
/** `s` without SGR codes. */
export function stripSgr(s: string): string { return s.replace(ANSI, ''); }

/** Visible cells of a row (the UI draws only single-cell characters). */
export function visibleLength(row: string): number { return stripSgr(row).length; }

const TOKEN = /\x1b\[[0-9;]*m|[^\x1b]+/g;
/** `row` cut to `width` visible cells (escape codes kept, styles reset after a cut). */
export function clampRow(row: string, width: number): string {
  if (visibleLength(row) <= width) return row;
  let out = '', left = width;
  for (const m of row.matchAll(TOKEN)) {
    const t = m[0];
    if (t.charCodeAt(0) === 0x1b) { out += t; continue; }
    if (left <= 0) continue;
    out += t.slice(0, left);
    left -= Math.min(left, t.length);
  }
  return out + '\x1b[0m';
}

/** `s` cut to at most `n` columns (an ellipsis marks the cut); `s` must hold no escape codes. */
export function cut(s: string, n: number): string {
  if (n <= 0) return '';
  return s.length > n ? (n === 1 ? '…' : s.slice(0, n - 1) + '…') : s;
}

/** `s` cut or padded (with spaces) to exactly `n` columns; `s` must hold no escape codes. */
export function fit(s: string, n: number): string {
  if (n <= 0) return '';
  if (s.length > n) return n === 1 ? '…' : s.slice(0, n - 1) + '…';
  return s + ' '.repeat(n - s.length);
}
