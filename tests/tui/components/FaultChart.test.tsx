// Panel 1: the fault-rate chart shows total and per-process series, a swap marker on the time
// axis with the rate before and after, and a waiting message before there are samples.
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { FaultChart } from '../../../src/tui/components/FaultChart.js';
import { fakeSnapshot, plain, series } from '../helpers.js';

describe('FaultChart', () => {
  const s = fakeSnapshot();
  it('marks the swap on the time axis with its rate before and after', () => {
    const { lastFrame } = render(<FaultChart series={s.series} markers={s.markers} width={70} height={12} focused={false} noColor={false} />);
    const f = plain(lastFrame());
    const lines = f.split('\n');
    expect(lines[0]).toContain('1 Fault rate');
    expect(lines[0]).toContain('swap v2 clock 800→200');
    expect(f).toContain('▲v2 clock 800→200');
    const axis = lines.find((l) => l.includes('└'))!;
    expect(axis).toContain('┴');
    // the tick sits where the label's ▲ starts
    const label = lines[lines.indexOf(axis) + 1]!;
    expect(label.indexOf('▲')).toBe(axis.indexOf('┴'));
    expect(f).toMatch(/[\u2801-\u28ff]/); // braille plot
    expect(f).toContain('1.0k┤'); // y scale from the total's peak
    expect(lines).toHaveLength(12);
    // series end labels: total and both processes
    for (const mark of ['*', 'a', 'b']) expect(lines.slice(1, -2).some((l) => l.trimEnd().endsWith(` ${mark}`))).toBe(true);
  });
  it('shows a marker whose after-rate is not known yet as …', () => {
    const m = [{ instructions: 39_500_000, kind: 'rollback' as const, label: 'v1' }];
    const { lastFrame } = render(<FaultChart series={s.series} markers={m} width={70} height={10} focused={false} noColor={true} />);
    expect(plain(lastFrame())).toContain('rollback→v1');
    expect(lastFrame()).not.toMatch(/\x1b\[3[0-7]m/);
  });
  it('waits for samples', () => {
    const { lastFrame } = render(<FaultChart series={series(1, () => 5)} markers={[]} width={60} height={8} focused={true} noColor={false} />);
    expect(plain(lastFrame())).toContain('collecting samples');
  });
});
