// Panel 6: the last failed compile with file:line:col, message and code frame.
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { CompileError, compileRowCount } from '../../../src/tui/components/CompileError.js';
import type { CompileErrorEvent } from '../../../src/tui/view/events.js';
import { plain } from '../helpers.js';

const frame = [' 9 |   chooseVictim(s, bits) {', '10 |     return { victim: s.queue.shift( };', '   |                                    ^', '11 |   },'].join('\n');
const errors: CompileErrorEvent[] = [
  { type: 'compile-error', service: 'replacement', file: 'milklab-work/policy.ts', line: 10, column: 37, message: "Expected ')' but found '}'", frame, errorKind: 'syntax' },
  { type: 'compile-error', service: 'replacement', file: 'milklab-work/policy.ts', line: 11, column: 3, message: 'second', frame: '', errorKind: 'syntax' },
];

describe('CompileError', () => {
  it('shows where, what, and the code frame', () => {
    const { lastFrame } = render(<CompileError errors={errors} width={80} height={6} focused={false} noColor={true} />);
    const lines = plain(lastFrame()).split('\n');
    expect(lines[0]).toContain('6 Compile failed');
    expect(lines[0]).toContain('+1 more');
    expect(lines[1]).toContain("x milklab-work/policy.ts:10:37: Expected ')' but found '}'");
    expect(lines[3]).toContain('10 |     return { victim: s.queue.shift( };');
    expect(lines[4]!.trimEnd()).toMatch(/\|\s+\^$/);
    expect(compileRowCount(errors)).toBe(5);
    expect(compileRowCount(undefined)).toBe(0);
  });
  it('paints the message red unless NO_COLOR', () => {
    const { lastFrame } = render(<CompileError errors={errors} width={80} height={6} focused={false} noColor={false} />);
    expect(lastFrame()).toMatch(/\x1b\[[0-9;]*31mx milklab-work/);
  });
});
