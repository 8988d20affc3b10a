// Number, time and path formatting shared by the panels: short, fixed-width friendly forms
// (12.3k, 1.20G, 850µs) so tables stay aligned on an 80-column terminal.

import path from 'node:path';

/** `n` in at most 5 characters: 7.5, 999, 1.2k, 12k, 123k, 1.2M, 1.20G. */
export function short(n: number): string {
  if (!Number.isFinite(n)) return '∞';
  const a = Math.abs(n);
  const sign = n < 0 ? '-' : '';
  if (a < 10 && !Number.isInteger(a)) return sign + a.toFixed(1);
  if (Math.round(a) < 1000) return sign + String(Math.round(a));
  for (const [u, sym] of [[1e3, 'k'], [1e6, 'M']] as const) {
    const v = a / u;
    if (v < 9.95) return sign + v.toFixed(1) + sym;
    if (Math.round(v) < 1000) return sign + String(Math.round(v)) + sym;
  }
  const g = a / 1e9;
  return sign + g.toFixed(g < 9.995 ? 2 : g < 99.95 ? 1 : 0) + 'G';
}

/** A duration in microseconds as µs/ms. */
export function micros(us: number): string {
  if (us < 1) return `${us.toFixed(2)}µs`;
  if (us < 1000) return `${us < 10 ? us.toFixed(1) : Math.round(us)}µs`;
  return `${(us / 1000).toFixed(us < 10_000 ? 1 : 0)}ms`;
}

/** Instructions per second as a speed label ('max' for unlimited). */
export function speedLabel(ips: number): string {
  return Number.isFinite(ips) ? `${short(ips)} instr/s` : 'max';
}

/** A file path as the user would type it from `cwd` (relative inside it, else as given). */
export function displayPath(file: string, cwd = process.cwd()): string {
  if (!/[/\\]|\.[cm]?[jt]s$/.test(file)) return file; // a built-in name
  const abs = path.resolve(cwd, file);
  const rel = path.relative(cwd, abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
}

/** Wall-clock time of day, HH:MM:SS. */
export function clock(ms: number): string {
  const d = new Date(ms);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
