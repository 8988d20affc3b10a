import { describe, expect, it } from 'vitest';
import { describeTraceError, detectFormat, parseTrace, type Trace } from '../../src/trace/parse.js';

const ok = (text: string): Trace => {
  const r = parseTrace(text);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.trace;
};

describe('plain traces', () => {
  it('reads decimal and 0x-hex page numbers, skipping blanks and comments, keeping duplicates', () => {
    const t = ok('# a trace\n1\n\n  2  \n0x10 # sixteen\n0XfF\n2\n2\r\n7\n');
    expect(t).toEqual({ format: 'plain', pages: [1, 2, 16, 255, 2, 2, 7], writes: new Uint8Array(7) });
  });
  it.each([
    ['1\n2\nabc\n', 3, 'abc'],
    ['1\n-4\n', 2, '-4'],
    ['1.5\n', 1, '1.5'],
    ['0x\n', 1, '0x'],
    ['# c\n\n3 4\n', 3, '3 4'],
    ['99999999999999999999\n', 1, '99999999999999999999'],
  ])('reports %j as malformed at line %i', (text, line, bad) => {
    expect(parseTrace(text)).toEqual({ ok: false, error: { kind: 'malformed', line, text: bad, format: 'plain' } });
  });
  it('reports a trace without references as empty', () => {
    expect(parseTrace('')).toEqual({ ok: false, error: { kind: 'empty' } });
    expect(parseTrace('# only\n\n# comments\n')).toEqual({ ok: false, error: { kind: 'empty' } });
  });
});

const LACKEY = `==12345== Lackey, an example Valgrind tool
==12345== Command: ./a.out
==12345==
I  04016d40,3
 L 1ffefff8c0,8
 L 1ffefff8c8,8
I  04016d43,4
 S 1ffefff8d0,8
I  04016ffe,4
 M 0402a000,4
 L 04029ff8,8
==12345== Counted 1 calls to main()
`;

describe('valgrind lackey traces', () => {
  it('is detected from its records or its ==pid== header', () => {
    expect(detectFormat(LACKEY)).toBe('lackey');
    expect(detectFormat('I  04016d40,3\n')).toBe('lackey');
    expect(detectFormat('# x\n12\n')).toBe('plain');
  });
  it('turns addresses into page numbers, collapsing consecutive repeats, splitting page-crossing accesses', () => {
    const t = ok(LACKEY);
    expect(t.format).toBe('lackey');
    // 0x4016 | 0x1ffefff (twice: collapsed) | 0x4016 | 0x1ffefff (store) | 0x4016, 0x4017 (crosses) | 0x402a (modify) | 0x4029
    expect(t.pages).toEqual([0x4016, 0x1ffefff, 0x4016, 0x1ffefff, 0x4016, 0x4017, 0x402a, 0x4029]);
    expect([...t.writes]).toEqual([0, 0, 0, 1, 0, 0, 1, 0]);
  });
  it('a write collapsed into a read makes the kept reference a write', () => {
    expect(ok(' L 1000,4\n S 1004,4\n').writes).toEqual(new Uint8Array([1]));
  });
  it('handles addresses beyond 2^48 exactly', () => {
    expect(ok(' L fffffffffffff000,8\n').pages).toEqual([Number(0xfffffffffffffn)]);
  });
  it.each([
    ['I  04016d40,3\nhello\n', 2, 'hello'],
    ['I  04016d40,3\n X 1000,4\n', 2, 'X 1000,4'],
    ['I  04016d40,3\n L zz,4\n', 2, 'L zz,4'],
    [' L 1000,99999999\n', 1, 'L 1000,99999999'],
  ])('reports %j as malformed at line %i', (text, line, bad) => {
    expect(parseTrace(text)).toEqual({ ok: false, error: { kind: 'malformed', line, text: bad, format: 'lackey' } });
  });
  it('reports a header-only output as empty', () => {
    expect(parseTrace('==1== Lackey\n==1==\n')).toEqual({ ok: false, error: { kind: 'empty' } });
  });
});

describe('describeTraceError', () => {
  it('names the file and line in one line', () => {
    expect(describeTraceError('trace.txt', { kind: 'malformed', line: 17, text: 'abc', format: 'plain' })).toBe("trace.txt:17: not a page number: 'abc'");
    expect(describeTraceError('t.out', { kind: 'malformed', line: 2, text: 'hello', format: 'lackey' })).toBe("t.out:2: not a valgrind lackey record: 'hello'");
    expect(describeTraceError('e.txt', { kind: 'empty' })).toBe('e.txt: no page references in the trace');
    expect(describeTraceError('l.txt', { kind: 'malformed', line: 1, text: 'x'.repeat(100), format: 'plain' })).toBe(`l.txt:1: not a page number: '${'x'.repeat(37)}...'`);
  });
});
