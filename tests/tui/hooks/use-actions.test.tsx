// useActions: each key's effect through the Session facade and the UI store (pause, speed, focus,
// selection, scrolling, pickers, policy loads reported in the footer and never thrown, workloads,
// kill, balloon, edit), acting on the latest props while the actions object stays the same.
import { Text } from 'ink';
import { render } from 'ink-testing-library';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { activeFile, useActions, type ActionDeps } from '../../../src/tui/hooks/use-actions.js';
import type { UiActions } from '../../../src/tui/state/ui-actions-context.js';
import type { Snapshot, UiSession } from '../../../src/tui/state/ui-state-context.js';
import { UiStore } from '../../../src/tui/state/ui-store.js';
import { fakeSnapshot } from '../helpers.js';

/** The Session facade's commands, recorded; isPaused follows pause/resume. */
class FakeSession implements UiSession {
  paused = false;
  get isPaused(): boolean { return this.paused; }
  snapshot = vi.fn<UiSession['snapshot']>(() => fakeSnapshot());
  onEvent = vi.fn<UiSession['onEvent']>(() => () => true);
  load = vi.fn<UiSession['load']>(async () => ({ ok: true }));
  addProcess = vi.fn<UiSession['addProcess']>(() => ({ ok: true, pid: 4 }));
  killProcess = vi.fn<UiSession['killProcess']>(() => true);
  setFrames = vi.fn<UiSession['setFrames']>((n) => n);
  pause = vi.fn(() => { this.paused = true; });
  resume = vi.fn(() => { this.paused = false; });
  setSpeed = vi.fn<UiSession['setSpeed']>();
}

function setup(over: Partial<ActionDeps> = {}) {
  const session = new FakeSession();
  const store = new UiStore();
  const deps: ActionDeps = {
    session, store, watched: ['/tmp/lab/policy.ts'], policies: ['fifo', 'clock', 'aging'],
    workloads: [{ name: 'sieve', description: 'primes' }, { name: 'loop', description: 'loops' }],
    snapshot: fakeSnapshot(), compileShown: false, onQuit: vi.fn(), onEdit: vi.fn(), ...over,
  };
  const got: UiActions[] = [];
  function Probe({ d }: { d: ActionDeps }): ReactNode {
    got.push(useActions(d));
    return <Text>actions</Text>;
  }
  const app = render(<Probe d={deps} />);
  const t = {
    session, store, deps, app, got,
    get a(): UiActions { return got.at(-1)!; },
    /** Renders again with some deps changed (what the next snapshot poll does). */
    update(patch: Partial<ActionDeps>): void { Object.assign(deps, patch); app.rerender(<Probe d={{ ...deps }} />); },
    msg: () => store.get().message && { text: store.get().message!.text, severity: store.get().message!.severity },
  };
  return t;
}

const proc = (pid: number, state = 'running') => ({ pid, name: `p${pid}`, state, exitCode: state === 'running' ? null : 0, rss: 1, minor: 0, major: 0, instructions: 0, rate: 0, quota: 8 });

describe('useActions: the machine', () => {
  it('pauses and resumes, saying so', () => {
    const t = setup();
    t.a.togglePause();
    expect(t.session.pause).toHaveBeenCalledOnce();
    expect(t.msg()).toEqual({ text: 'paused: space resumes', severity: 'warn' });
    t.a.togglePause();
    expect(t.session.resume).toHaveBeenCalledOnce();
    expect(t.msg()).toEqual({ text: 'running', severity: 'info' });
    t.app.unmount();
  });

  it('steps the speed down and up within the steps, telling the session', () => {
    const t = setup();
    t.a.faster(); // already at max
    expect(t.session.setSpeed).toHaveBeenLastCalledWith(Infinity);
    expect(t.msg()?.text).toBe('speed max');
    t.a.slower();
    expect(t.session.setSpeed).toHaveBeenLastCalledWith(20_000_000);
    expect(t.msg()?.text).toBe('speed 20M instr/s');
    for (let i = 0; i < 5; i++) t.a.slower();
    expect(t.store.get().speedIndex).toBe(0);
    expect(t.session.setSpeed).toHaveBeenLastCalledWith(1_000_000);
    expect(t.msg()?.text).toBe('speed 1.0M instr/s');
    t.a.faster();
    expect(t.session.setSpeed).toHaveBeenLastCalledWith(5_000_000);
    t.app.unmount();
  });

  it('quits through onQuit', () => {
    const t = setup();
    t.a.quit();
    expect(t.deps.onQuit).toHaveBeenCalledOnce();
    t.app.unmount();
  });
});

describe('useActions: focus and selection', () => {
  it('focuses a panel, but panel 6 only while a compile error is shown', () => {
    const t = setup();
    t.a.focus('chart');
    expect(t.store.get().focus).toBe('chart');
    t.a.focus('compile');
    expect(t.store.get().focus).toBe('chart');
    expect(t.msg()?.text).toBe('panel 6 shows the last compile error; there is none now');
    t.update({ compileShown: true });
    t.a.focus('compile');
    expect(t.store.get().focus).toBe('compile');
    t.app.unmount();
  });

  it('cycles the focus over the visible panels in both directions', () => {
    const t = setup();
    t.store.set({ focus: 'chart' });
    t.a.focusNext(-1);
    expect(t.store.get().focus).toBe('events'); // panel 6 is not shown: skipped
    t.a.focusNext(1);
    expect(t.store.get().focus).toBe('chart');
    const order: string[] = [];
    for (let i = 0; i < 5; i++) { t.a.focusNext(1); order.push(t.store.get().focus); }
    expect(order).toEqual(['map', 'processes', 'services', 'events', 'chart']);
    t.update({ compileShown: true });
    t.a.focusNext(-1);
    expect(t.store.get().focus).toBe('compile');
    t.app.unmount();
  });

  it('scrolls the event log when it has the focus (never below the newest)', () => {
    const t = setup();
    t.store.set({ focus: 'events' });
    t.a.move(-1);
    t.a.move(-10);
    expect(t.store.get().eventScroll).toBe(11);
    t.a.move(1);
    expect(t.store.get().eventScroll).toBe(10);
    t.a.move(10);
    t.a.move(1);
    expect(t.store.get().eventScroll).toBe(0);
    expect(t.store.get().focus).toBe('events');
    t.app.unmount();
  });

  it('moves the selection over live processes only, clamped, focusing the process panel', () => {
    const t = setup({ snapshot: fakeSnapshot({ processes: [proc(1), proc(2, 'exited'), proc(3), proc(5)] }) });
    t.store.set({ focus: 'chart' });
    t.a.move(1); // from the first live one (nothing selected yet)
    expect(t.store.get()).toMatchObject({ selectedPid: 3, focus: 'processes' });
    t.a.move(10);
    expect(t.store.get().selectedPid).toBe(5);
    t.a.move(-1);
    expect(t.store.get().selectedPid).toBe(3);
    t.a.move(-10);
    expect(t.store.get().selectedPid).toBe(1);
    t.app.unmount();
  });

  it('leaves the selection alone when no process is running', () => {
    const t = setup({ snapshot: fakeSnapshot({ processes: [proc(1, 'exited')] }) });
    const before = t.store.get();
    t.a.move(1);
    expect(t.store.get()).toBe(before);
    t.app.unmount();
  });
});

describe('useActions: overlays and the policy picker', () => {
  it('toggles the help and opens and closes the pickers', () => {
    const t = setup();
    t.a.toggleHelp();
    expect(t.store.get().overlay).toEqual({ kind: 'help' });
    t.a.toggleHelp();
    expect(t.store.get().overlay).toEqual({ kind: 'none' });
    t.a.openWorkloadPicker();
    expect(t.store.get().overlay).toEqual({ kind: 'workload', index: 0 });
    t.a.closeOverlay();
    expect(t.store.get().overlay).toEqual({ kind: 'none' });
    t.app.unmount();
  });

  it('opens the policy picker on the policy serving now (built-in or watched file)', () => {
    const t = setup(); // fakeSnapshot's replacement service is 'clock'
    t.a.openPolicyPicker();
    expect(t.store.get().overlay).toEqual({ kind: 'policy', index: 1 });
    const serving = fakeSnapshot();
    serving.services = [{ ...serving.services[0]!, label: '/tmp/lab/policy.ts', name: 'my-clock' }];
    t.update({ snapshot: serving });
    t.a.openPolicyPicker();
    expect(t.store.get().overlay).toEqual({ kind: 'policy', index: 3 }); // after the 3 built-ins
    t.update({ snapshot: fakeSnapshot({ services: [] }) });
    t.a.openPolicyPicker();
    expect(t.store.get().overlay).toEqual({ kind: 'policy', index: 0 });
    t.app.unmount();
  });

  it('moves within the picker\'s items, clamped, and not without a picker', () => {
    const t = setup();
    t.store.set({ overlay: { kind: 'policy', index: 0 } });
    t.a.pickerMove(2);
    expect(t.store.get().overlay).toEqual({ kind: 'policy', index: 2 });
    t.a.pickerMove(10);
    expect(t.store.get().overlay).toEqual({ kind: 'policy', index: 3 }); // 3 built-ins + 1 watched file
    t.a.pickerMove(-10);
    expect(t.store.get().overlay).toEqual({ kind: 'policy', index: 0 });
    t.store.set({ overlay: { kind: 'workload', index: 0 } });
    t.a.pickerMove(10);
    expect(t.store.get().overlay).toEqual({ kind: 'workload', index: 1 });
    t.store.set({ overlay: { kind: 'help' } });
    t.a.pickerMove(1);
    expect(t.store.get().overlay).toEqual({ kind: 'help' });
    t.app.unmount();
  });

  it('chooses the picked policy: the overlay closes and the session loads it', async () => {
    const t = setup();
    t.store.set({ overlay: { kind: 'policy', index: 3 } });
    t.a.pickerChoose();
    expect(t.store.get().overlay).toEqual({ kind: 'none' });
    expect(t.session.load).toHaveBeenCalledWith('replacement', '/tmp/lab/policy.ts');
    await vi.waitFor(() => expect(t.msg()).toEqual({ text: '/tmp/lab/policy.ts ready: swapping it in', severity: 'good' }));
    t.app.unmount();
  });

  it('reports a failed load, an unchanged file and a thrown error in the footer', async () => {
    const t = setup();
    t.session.load.mockResolvedValueOnce({ ok: false, message: "policy.ts:3:1: Cannot find name 'x'." });
    await t.a.choosePolicy('clock');
    expect(t.msg()).toEqual({ text: "policy.ts:3:1: Cannot find name 'x'.", severity: 'error' });
    t.session.load.mockResolvedValueOnce({ ok: false, message: '/tmp/lab/policy.ts: unchanged' });
    await t.a.choosePolicy('/tmp/lab/policy.ts');
    expect(t.msg()).toEqual({ text: '/tmp/lab/policy.ts is unchanged since it was last loaded: save a change to reload it', severity: 'error' });
    t.session.load.mockRejectedValueOnce(new Error('worker died'));
    await expect(t.a.choosePolicy('aging')).resolves.toBeUndefined();
    expect(t.msg()).toEqual({ text: 'aging: worker died', severity: 'error' });
    t.app.unmount();
  });

  it('says it is loading while the load is in flight', async () => {
    const t = setup();
    let finish!: (r: { ok: true }) => void;
    t.session.load.mockReturnValueOnce(new Promise((r) => { finish = r; }));
    const done = t.a.choosePolicy('aging');
    expect(t.msg()).toEqual({ text: 'loading aging…', severity: 'info' });
    finish({ ok: true });
    await done;
    expect(t.msg()).toEqual({ text: 'aging ready: swapping it in', severity: 'good' });
    t.app.unmount();
  });
});

describe('useActions: processes', () => {
  it('adds the picked workload and selects it', () => {
    const t = setup();
    t.store.set({ overlay: { kind: 'workload', index: 0 } });
    t.a.pickerChoose();
    expect(t.store.get().overlay).toEqual({ kind: 'none' });
    expect(t.session.addProcess).toHaveBeenCalledOnce();
    const prog = t.session.addProcess.mock.calls[0]![0];
    expect(prog.name).toBe('sieve');
    expect(prog.argv[0]).toBe('sieve');
    expect(prog.image.segments.length).toBeGreaterThan(0);
    expect(t.store.get().selectedPid).toBe(4);
    expect(t.msg()).toEqual({ text: 'started sieve as pid 4', severity: 'good' });
    t.app.unmount();
  });

  it('reports a workload that cannot start, without touching the selection', () => {
    const t = setup();
    t.a.addWorkload('no-such-workload');
    expect(t.session.addProcess).not.toHaveBeenCalled();
    expect(t.msg()).toEqual({ text: "no built-in workload 'no-such-workload'", severity: 'error' });
    t.session.addProcess.mockReturnValueOnce({ ok: false, message: 'too many processes (at most 511)' });
    t.a.addWorkload('loop');
    expect(t.msg()).toEqual({ text: 'loop: too many processes (at most 511)', severity: 'error' });
    expect(t.store.get().selectedPid).toBeUndefined();
    t.app.unmount();
  });

  it('kills the selected live process, or the first live one', () => {
    const t = setup(); // loop[1] and zipf[2] run, sieve[3] exited
    t.a.killSelected();
    expect(t.session.killProcess).toHaveBeenLastCalledWith(1);
    expect(t.msg()).toEqual({ text: 'killed loop[1]', severity: 'warn' });
    t.store.set({ selectedPid: 2 });
    t.session.killProcess.mockReturnValueOnce(false);
    t.a.killSelected();
    expect(t.session.killProcess).toHaveBeenLastCalledWith(2);
    expect(t.msg()).toEqual({ text: 'pid 2 is not running', severity: 'warn' });
    t.store.set({ selectedPid: 3 }); // ended: falls back to the first live one
    t.a.killSelected();
    expect(t.session.killProcess).toHaveBeenLastCalledWith(1);
    t.app.unmount();
  });

  it('kills nothing when nothing runs', () => {
    const t = setup({ snapshot: fakeSnapshot({ processes: [proc(1, 'exited')] }) });
    t.a.killSelected();
    expect(t.session.killProcess).not.toHaveBeenCalled();
    expect(t.msg()?.text).toBe('no running process to kill');
    t.app.unmount();
  });
});

describe('useActions: the balloon', () => {
  const withFrames = (total: number, ballooned: number): Snapshot => fakeSnapshot({ frames: { total, free: 0, ballooned, pageTables: 3 } });

  it('shrinks and grows the available frames in steps of a sixteenth (at least 8)', () => {
    const t = setup({ snapshot: withFrames(256, 0) });
    t.a.shrinkFrames();
    expect(t.session.setFrames).toHaveBeenLastCalledWith(240);
    expect(t.msg()).toEqual({ text: '240 of 256 frames available (16 ballooned)', severity: 'warn' });
    t.a.growFrames();
    expect(t.session.setFrames).toHaveBeenLastCalledWith(256);
    expect(t.msg()).toEqual({ text: '256 of 256 frames available', severity: 'info' });
    t.app.unmount();
  });

  it('steps on from the count it set last when keys come faster than snapshots', () => {
    const t = setup({ snapshot: withFrames(64, 0) });
    t.a.shrinkFrames();
    t.a.shrinkFrames();
    t.a.shrinkFrames();
    expect(t.session.setFrames.mock.calls.map((c) => c[0])).toEqual([56, 48, 40]);
    t.update({ snapshot: withFrames(64, 8) }); // a snapshot taken meanwhile: it is the truth now
    t.a.shrinkFrames();
    expect(t.session.setFrames).toHaveBeenLastCalledWith(48);
    t.app.unmount();
  });

  it('uses the count the session actually set', () => {
    const t = setup({ snapshot: withFrames(64, 0) });
    t.session.setFrames.mockReturnValueOnce(60); // e.g. pinned frames kept some back
    t.a.shrinkFrames();
    expect(t.msg()?.text).toBe('60 of 64 frames available (4 ballooned)');
    t.a.shrinkFrames();
    expect(t.session.setFrames).toHaveBeenLastCalledWith(52);
    t.app.unmount();
  });

  it('stops at all frames and at one step, saying why', () => {
    const t = setup({ snapshot: withFrames(64, 0) });
    t.a.growFrames();
    expect(t.session.setFrames).not.toHaveBeenCalled();
    expect(t.msg()?.text).toBe('all 64 frames are available');
    t.update({ snapshot: withFrames(64, 56) });
    t.a.shrinkFrames();
    expect(t.session.setFrames).not.toHaveBeenCalled();
    expect(t.msg()?.text).toBe('8 frames is the smallest the balloon leaves');
    t.app.unmount();
  });
});

describe('useActions: edit', () => {
  it('opens the watched file serving as the replacement policy, else the first watched', () => {
    const serving = fakeSnapshot();
    serving.services = [{ ...serving.services[0]!, label: '/w/b.ts' }];
    const t = setup({ watched: ['/w/a.ts', '/w/b.ts'], snapshot: serving });
    t.a.edit();
    expect(t.deps.onEdit).toHaveBeenLastCalledWith('/w/b.ts');
    t.update({ snapshot: fakeSnapshot() }); // a built-in serves
    t.a.edit();
    expect(t.deps.onEdit).toHaveBeenLastCalledWith('/w/a.ts');
    t.app.unmount();
  });

  it('says what to do when no file is watched', () => {
    const t = setup({ watched: [] });
    t.a.edit();
    expect(t.deps.onEdit).not.toHaveBeenCalled();
    expect(t.msg()).toEqual({ text: 'no service file is watched here: press p to switch policy', severity: 'warn' });
    t.app.unmount();
  });

  it('activeFile matches the serving label as a display path', () => {
    const s = fakeSnapshot();
    s.services = [{ ...s.services[0]!, label: 'lab/p.ts' }];
    expect(activeFile(s, ['/x/q.ts', `${process.cwd()}/lab/p.ts`])).toBe(`${process.cwd()}/lab/p.ts`);
    expect(activeFile(fakeSnapshot({ services: [] }), ['/x/q.ts'])).toBe('/x/q.ts');
    expect(activeFile(s, [])).toBeUndefined();
  });
});

describe('useActions: identity', () => {
  it('keeps one actions object across renders, acting on the latest props', () => {
    const t = setup();
    t.update({ watched: ['/new/policy.ts'] });
    t.update({ policies: ['fifo'] });
    expect(t.got.length).toBeGreaterThanOrEqual(3);
    expect(new Set(t.got).size).toBe(1);
    t.a.edit();
    expect(t.deps.onEdit).toHaveBeenLastCalledWith('/new/policy.ts');
    t.a.openPolicyPicker();
    t.a.pickerMove(10);
    expect(t.store.get().overlay).toEqual({ kind: 'policy', index: 1 }); // fifo + the new file
    t.app.unmount();
  });
});
