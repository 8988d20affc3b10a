// Panel 3: the process table — pid, name, state, RSS, minor/major faults, rate, quota — live
// processes first, the kill target marked, columns dropped on narrow terminals.
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { effectiveSelection, ProcessTable, processOrder } from '../../../src/tui/components/ProcessTable.js';
import { fakeSnapshot, plain } from '../helpers.js';

describe('ProcessTable', () => {
  const s = fakeSnapshot();
  it('shows every column with room to spare, and a rate sparkline', () => {
    const { lastFrame } = render(<ProcessTable processes={s.processes} series={s.series} selectedPid={2} width={90} height={5} focused={true} noColor={true} />);
    const lines = plain(lastFrame()).split('\n');
    expect(lines[0]).toContain('3 Processes');
    expect(lines[0]).toContain('2 running');
    expect(lines[1]).toMatch(/pid +name +state +RSS +minor +major +rate\/M +quota +trend/);
    expect(lines[2]).toMatch(/^ a +1 loop +running +32 +10 +1\.5k +100 +64 [▁▂▃▄▅▆▇█]+/);
    expect(lines[3]).toMatch(/^›b +2 zipf +running +24 +90 +500 +100 +64/);
    expect(lines[4]).toMatch(/^ c +3 sieve +exit 0 +0 +5 +0 +- +64/);
  });
  it('drops the quota and minor columns on a narrow panel', () => {
    const { lastFrame } = render(<ProcessTable processes={s.processes} series={s.series} selectedPid={undefined} width={44} height={4} focused={false} noColor={true} />);
    const lines = plain(lastFrame()).split('\n');
    expect(lines[1]).not.toContain('quota');
    expect(lines[1]).not.toContain('minor');
    expect(lines[1]).toContain('major');
    expect(lines[2]).toMatch(/^›a +1 loop/); // no selection: the first live process
    expect(lines.every((l) => l.length <= 44)).toBe(true);
  });
  it('orders live processes first and never selects an ended one', () => {
    const ps = [{ ...s.processes[2]!, pid: 1 }, { ...s.processes[0]!, pid: 2 }];
    expect(processOrder(ps).map((p) => p.pid)).toEqual([2, 1]);
    expect(effectiveSelection(ps, 1)).toBe(2);
    expect(effectiveSelection([ps[0]!], 1)).toBeUndefined();
  });
  it('says how to add a workload when there is none', () => {
    const { lastFrame } = render(<ProcessTable processes={[]} series={[]} selectedPid={undefined} width={60} height={4} focused={false} noColor={true} />);
    expect(plain(lastFrame())).toContain('press a to add a workload');
  });
});
