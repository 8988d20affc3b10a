// Dashboard: at 80x24 the panels fill exactly the body's rows, none wider than the terminal; panel 6
// and the log only when there is room; the focused title inverse; NO_COLOR without colours; overlays
// (help, the policy picker marking what serves now, the workload picker) in place of the panels.
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { compileRowCount } from '../../../src/tui/components/CompileError.js';
import { Dashboard } from '../../../src/tui/components/Dashboard.js';
import { UiStateContext, type ViewState } from '../../../src/tui/state/ui-state-context.js';
import { INITIAL_UI, type UiState } from '../../../src/tui/state/ui-store.js';
import type { CompileErrorEvent } from '../../../src/tui/view/events.js';
import { layout, type Layout } from '../../../src/tui/view/layout.js';
import { fakeSnapshot, plain } from '../helpers.js';

const COLOUR = /\x1b\[[0-9;]*(3[0-7]|90)m/;
const failure: CompileErrorEvent[] = [{
  type: 'compile-error', service: 'replacement', file: 'lab/policy.ts', line: 7, column: 9, message: "Cannot find name 'queue'.",
  frame: '7 |   return queue[0];\n  |          ^^^^^', errorKind: 'type',
}];

function view(over: Partial<Omit<ViewState, 'ui'>> & { ui?: Partial<UiState>; columns?: number; rows?: number } = {}): ViewState {
  const { columns = 80, rows = 24, ui, ...rest } = over;
  const compileFailure = rest.compileFailure;
  return {
    snapshot: fakeSnapshot(),
    ui: { ...INITIAL_UI, ...ui },
    layout: layout(columns, rows, { processRows: 3, serviceRows: 4, compileRows: compileRowCount(compileFailure), headerRows: 2 }),
    entries: [{ at: 0, event: { type: 'spawn', pid: 1, name: 'loop', time: 0 }, batch: 1 }],
    compileFailure: undefined,
    title: 'test lab', watched: ['/tmp/lab/policy.ts'], noColor: true,
    policies: ['fifo', 'clock', 'aging'], workloads: [{ name: 'sieve', description: 'primes up to n' }, { name: 'zipf', description: 'skewed accesses' }],
    ...rest,
  };
}

function draw(v: ViewState) {
  const app = render(<UiStateContext.Provider value={v}><Dashboard /></UiStateContext.Provider>);
  const raw = app.lastFrame() ?? '';
  return { raw, lines: plain(raw).split('\n'), text: plain(raw) };
}

const bodyHeight = (L: Layout): number => L.height - L.header - L.footer;

describe('Dashboard at 80x24', () => {
  it('draws the five panels in exactly the body\'s rows, none wider than 80 columns', () => {
    const v = view();
    const { lines, text } = draw(v);
    expect(lines).toHaveLength(bodyHeight(v.layout));
    expect(lines).toHaveLength(20);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
    for (const title of ['1 Fault rate', '2 Memory', '3 Processes', '4 Services', '5 Events']) expect(text).toContain(title);
    expect(text).not.toContain('6 Compile');
    expect(text).toContain('loop[1] started');
  });

  it('puts chart and map side by side, then processes and services, then the log', () => {
    const v = view();
    const { lines } = draw(v);
    const L = v.layout;
    expect(lines[0]).toMatch(/^─ 1 Fault rate .*─ 2 Memory /);
    expect(lines[0]!.indexOf('─ 2 Memory')).toBe(L.top.chart + 1);
    expect(lines[L.top.height]).toMatch(/^─ 3 Processes .*─ 4 Services /);
    expect(lines[L.top.height]!.indexOf('─ 4 Services')).toBe(L.middle.processes + 1);
    expect(lines[L.top.height + L.middle.height]).toMatch(/^─ 5 Events /);
  });

  it('shows the compile failure as panel 6 and keeps a log beside it', () => {
    const v = view({ compileFailure: failure });
    expect(v.layout.bottom.compile).toBeGreaterThan(0);
    const { lines, text } = draw(v);
    expect(lines).toHaveLength(bodyHeight(v.layout));
    expect(text).toContain('6 Compile failed');
    expect(text).toContain("x lab/policy.ts:7:9: Cannot find name 'queue'.");
    expect(text).toContain('5 Events');
    const at = lines.findIndex((l) => l.includes('6 Compile failed'));
    expect(lines.findIndex((l) => l.includes('5 Events'))).toBe(at + v.layout.bottom.compile);
  });

  it('leaves the compile panel out when the layout has no room for it', () => {
    const base = view({ compileFailure: failure });
    const L = { ...base.layout, bottom: { ...base.layout.bottom, events: base.layout.bottom.height, compile: 0 } };
    expect(draw({ ...base, layout: L }).text).not.toContain('6 Compile');
  });

  it('leaves the event log out when it would have one row or less', () => {
    const base = view({ compileFailure: failure });
    const h = base.layout.bottom.height;
    const L = { ...base.layout, bottom: { height: h, events: 1, compile: h - 1 } };
    const { text } = draw({ ...base, layout: L });
    expect(text).toContain('6 Compile failed');
    expect(text).not.toContain('5 Events');
  });

  for (const [focus, title] of [['chart', '1 Fault rate'], ['map', '2 Memory'], ['processes', '3 Processes'], ['services', '4 Services'], ['events', '5 Events']] as const) {
    it(`draws the ${focus} panel's title inverse when it has the focus, and no other`, () => {
      const { raw } = draw(view({ ui: { focus } }));
      const inverse = [...raw.matchAll(/\x1b\[(?:\d+;)*7m([^\x1b]*)/g)].map((m) => m[1]!.trim());
      expect(inverse.filter((t) => /^\d [A-Z]/.test(t))).toEqual([title]);
      // the focused process panel also shows its selection inverse
      expect(inverse.some((t) => t.includes('1 loop'))).toBe(focus === 'processes');
    });
  }

  it('uses no colours under NO_COLOR, and colours otherwise', () => {
    const mono = draw(view({ noColor: true, compileFailure: failure }));
    expect(mono.raw).not.toMatch(COLOUR);
    expect(mono.raw).toMatch(/[a-zA-Z]/); // the frame map's letters carry the owners
    const colour = draw(view({ noColor: false, compileFailure: failure }));
    expect(colour.raw).toMatch(COLOUR);
    expect(colour.text).toBe(mono.text);
  });

  it('marks the selected process', () => {
    expect(draw(view({ ui: { selectedPid: 2 } })).text).toMatch(/›b +2 zipf/);
  });
});

describe('Dashboard overlays', () => {
  it('shows the help in place of the panels', () => {
    const v = view({ ui: { overlay: { kind: 'help' } } });
    const { lines, text } = draw(v);
    expect(lines).toHaveLength(bodyHeight(v.layout));
    expect(text).toContain('milklab — memory-management services');
    expect(text).toContain('To customise: edit /tmp/lab/policy.ts');
    expect(text).not.toMatch(/─ ?3 ?Processes/); // no panel title rule: the help replaces the panels
    expect(lines.at(-1)).toContain('press any key to close'); // the whole help fits 80x24
    expect(text).toContain('6 Compile');
  });

  it('offers the built-in policies and the watched files, marking what serves now', () => {
    const v = view({ ui: { overlay: { kind: 'policy', index: 1 } } }); // fakeSnapshot serves 'clock'
    const { lines, text } = draw(v);
    expect(lines).toHaveLength(bodyHeight(v.layout));
    expect(text).toContain('Switch the replacement policy (a live hot swap)');
    expect(text).toMatch(/^ {3}fifo +built-in *$/m);
    expect(text).toMatch(/ › clock +built-in \(serving now\)/);
    expect(text).toMatch(/^ {3}aging +built-in *$/m);
    expect(text).toMatch(/^ {3}\/tmp\/lab\/policy\.ts +your file *$/m);
    expect(text).not.toContain('1 Fault rate');
  });

  it('marks a watched file as serving when the replacement policy comes from it', () => {
    const s = fakeSnapshot();
    s.services = [{ ...s.services[0]!, label: '/tmp/lab/policy.ts', name: 'my-clock' }];
    const { text } = draw(view({ snapshot: s, ui: { overlay: { kind: 'policy', index: 3 } } }));
    expect(text).toMatch(/ › \/tmp\/lab\/policy\.ts +your file \(serving now\)/);
    expect(text).not.toContain('built-in (serving now)');
  });

  it('offers the workloads with their descriptions', () => {
    const { text } = draw(view({ ui: { overlay: { kind: 'workload', index: 1 } } }));
    expect(text).toContain('Add a process running a built-in workload');
    expect(text).toMatch(/ {3}sieve +primes up to n/);
    expect(text).toMatch(/ › zipf +skewed accesses/);
  });

  it('needs the view state of <App>', () => {
    // a render outside the provider fails loudly instead of drawing empty panels
    const app = render(<Dashboard />);
    expect(plain(app.lastFrame())).toContain('useViewState outside <App>');
  });
});
