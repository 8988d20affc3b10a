// The footer: one line of key hints that fits the width, after a recent status message.
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { Footer } from '../../../src/tui/components/Footer.js';
import { plain } from '../helpers.js';

describe('Footer', () => {
  it('shows as many key hints as fit, on one line', () => {
    const { lastFrame } = render(<Footer message={undefined} now={0} width={80} noColor={true} />);
    const f = plain(lastFrame());
    expect(f.split('\n')).toHaveLength(1);
    expect(f.length).toBeLessThanOrEqual(80);
    expect(f).toMatch(/^ q quit \? help e edit policy p policy space pause \+\/- speed/);
    const wide = plain(render(<Footer message={undefined} now={0} width={140} noColor={true} />).lastFrame());
    expect(wide).toContain('Tab panel');
  });
  it('puts a recent message first, and drops it after a few seconds', () => {
    const message = { text: 'clock ready: swapping it in', severity: 'good' as const, at: 1000 };
    expect(plain(render(<Footer message={message} now={2000} width={80} noColor={true} />).lastFrame())).toMatch(/^ clock ready: swapping it in {2}q quit/);
    expect(plain(render(<Footer message={message} now={60_000} width={80} noColor={true} />).lastFrame())).toMatch(/^ q quit/);
  });
});
