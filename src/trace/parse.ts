// Parsing page-reference traces, in one of two formats detected from the text:
//
//   plain   one page number per line, decimal or 0x-hex; blank lines and `#` comments (whole
//           line or trailing) ignored. Consecutive duplicates are KEPT: the user wrote them.
//   lackey  valgrind --tool=lackey --trace-mem=yes output: `I  04016d40,3`, ` L 1ffefff8c0,8`,
//           ` S ...`, ` M ...` (hex address, size); `==pid==` lines ignored. Addresses become
//           page numbers (address >> 12); an access spanning two pages references both; S and M
//           accesses dirty the page. Consecutive duplicates are COLLAPSED into one reference (the
//           classic reference-string convention: a page's repeated bytes are one use), a write
//           among them making the kept reference a write.

export type TraceFormat = 'plain' | 'lackey';

export interface Trace {
  format: TraceFormat;
  /** The reference string: page numbers in order. */
  pages: number[];
  /** writes[i] = 1 when reference i writes (dirties) the page; all 0 for plain traces. */
  writes: Uint8Array;
}

export type TraceError =
  /** line is 1-based; text is the offending line, trimmed. */
  | { kind: 'malformed'; line: number; text: string; format: TraceFormat }
  | { kind: 'empty' };

export type ParseResult = { ok: true; trace: Trace } | { ok: false; error: TraceError };

const PAGE_SIZE = 4096;
/** Largest access size accepted in a lackey record (bytes); real ones are at most a cache line. */
const MAX_ACCESS = 1 << 16;
const LACKEY = /^(?:I {1,2}| [LSM] )\s*([0-9a-fA-F]+),(\d+)\s*$/;
const HEADER = /^==\d+==/;
const DECIMAL = /^\d+$/;
const HEX = /^0[xX][0-9a-fA-F]+$/;

/** Which format `text` is in: lackey when its first meaningful line is a lackey record or header. */
export function detectFormat(text: string): TraceFormat {
  for (const raw of text.split('\n', 200)) {
    const line = raw.replace(/\r$/, '');
    if (HEADER.test(line) || LACKEY.test(line)) return 'lackey';
    const t = line.trim();
    if (t !== '' && !t.startsWith('#')) return 'plain';
  }
  return 'plain';
}

function plainNumber(t: string): number | undefined {
  const n = DECIMAL.test(t) ? Number(t) : HEX.test(t) ? Number.parseInt(t.slice(2), 16) : NaN;
  return Number.isSafeInteger(n) ? n : undefined;
}

/** The first and last page an access of `size` bytes at hex address `hex` touches. */
function span(hex: string, size: number): [number, number] {
  const h = hex.replace(/^0+(?=.)/, '');
  if (h.length <= 12) { // below 2^48: exact in a double
    const a = Number.parseInt(h, 16);
    return [Math.floor(a / PAGE_SIZE), Math.floor((a + size - 1) / PAGE_SIZE)];
  }
  const a = BigInt('0x' + h);
  return [Number(a >> 12n), Number((a + BigInt(size - 1)) >> 12n)];
}

/** Parses a trace. Contract: never throws; the first bad line is reported with its 1-based number. */
export function parseTrace(text: string): ParseResult {
  const format = detectFormat(text);
  const pages: number[] = [];
  const writes: number[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (format === 'plain') {
      const t = line.replace(/#.*/, '').trim();
      if (t === '') continue;
      const n = plainNumber(t);
      if (n === undefined) return { ok: false, error: { kind: 'malformed', line: i + 1, text: line.trim(), format } };
      pages.push(n);
      writes.push(0);
      continue;
    }
    if (line.trim() === '' || HEADER.test(line) || line.trimStart().startsWith('#')) continue;
    const m = LACKEY.exec(line);
    if (!m || Number(m[2]) > MAX_ACCESS) return { ok: false, error: { kind: 'malformed', line: i + 1, text: line.trim(), format } };
    const write = /^ [SM]/.test(line) ? 1 : 0;
    const size = Math.max(1, Number(m[2]));
    const [first, last] = span(m[1]!, size);
    for (let p = first; p <= last; p++) {
      if (pages.length > 0 && pages[pages.length - 1] === p) {
        writes[writes.length - 1] ||= write;
      } else {
        pages.push(p);
        writes.push(write);
      }
    }
  }
  if (pages.length === 0) return { ok: false, error: { kind: 'empty' } };
  return { ok: true, trace: { format, pages, writes: Uint8Array.from(writes) } };
}

/** One line for an error, naming the file: `trace.txt:17: not a page number: 'abc'`. */
export function describeTraceError(file: string, e: TraceError): string {
  if (e.kind === 'empty') return `${file}: no page references in the trace`;
  const text = e.text.length > 40 ? `${e.text.slice(0, 37)}...` : e.text;
  return `${file}:${e.line}: ${e.format === 'plain' ? 'not a page number' : 'not a valgrind lackey record'}: '${text}'`;
}
