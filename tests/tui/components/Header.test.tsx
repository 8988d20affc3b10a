// The header names the watched file(s), says how to customise, and shows the machine's state.
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { customizeHint, Header, headerRows } from '../../../src/tui/components/Header.js';
import { plain } from '../helpers.js';

describe('Header', () => {
  const watched = [`${process.cwd()}/milklab-work/policy.ts`];
  it('names the watched file and how to customise it', () => {
    expect(customizeHint(watched)).toBe('edit milklab-work/policy.ts in any editor, or press e — every save goes live');
    expect(customizeHint([])).toContain('press p');
  });
  it('takes two rows on 80 columns, one on a wide terminal', () => {
    expect(headerRows({ title: 't', watched, width: 80 })).toBe(2);
    expect(headerRows({ title: 't', watched, width: 160 })).toBe(1);
    const { lastFrame } = render(<Header title="default lab" watched={watched} paused={false} speed={Infinity} mips={12.5} instructions={3_400_000_000} width={80} rows={2} noColor={true} />);
    const [l1, l2] = plain(lastFrame()).split('\n');
    expect(l1).toContain('milklab');
    expect(l1).toContain('default lab');
    expect(l1).toContain('▶ 13M instr/s · speed max · 3.40G instr');
    expect(l2).toContain('edit milklab-work/policy.ts in any editor, or press e');
  });
  it('says paused', () => {
    const { lastFrame } = render(<Header title="t" watched={watched} paused={true} speed={5e6} mips={0} instructions={1} width={160} rows={1} noColor={true} />);
    expect(plain(lastFrame())).toContain('❚❚ paused · speed 5.0M instr/s');
  });
});
