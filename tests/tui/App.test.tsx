// The whole UI on a real session running a small thrashing workload: the keys drive the session
// (pause, speed, a policy swap from the picker, the balloon, add/kill a process, edit, quit) and
// the frames show the result. Waits on conditions, never on fixed sleeps.
import { readFileSync } from 'node:fs';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseElf } from '../../src/machine/hw/elf.js';
import { Session } from '../../src/session/session.js';
import { builtinNames } from '../../src/session/versions.js';
import { App } from '../../src/tui/App.js';
import { workloadChoices } from '../../src/tui/programs.js';
import { Journal } from '../../src/tui/state/journal.js';
import { UiStore } from '../../src/tui/state/ui-store.js';
import { findWorkload } from '../../src/workloads/registry.js';
import { plain } from './helpers.js';

const img = parseElf(new Uint8Array(readFileSync(findWorkload('loop')!.file)));
if (!img.ok) throw new Error('loop.elf');
const DOWN = '\x1b[B', ENTER = '\r';
const WAIT = { timeout: 20_000, interval: 25 };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => { for (const c of cleanups.splice(0)) await c(); });

async function open() {
  const c = await Session.create({ frames: 32, seed: 1, policy: 'fifo', probation: 1_000_000, programs: [{ name: 'loop', image: img.ok ? img.value : (undefined as never), argv: ['loop', '48', '100000000'] }] });
  if (!c.ok) throw new Error(c.message);
  const session = c.session;
  const running = session.start(2);
  const store = new UiStore();
  const journal = new Journal(session);
  const onQuit = vi.fn(), onEdit = vi.fn();
  const app = render(
    <App session={session} store={store} journal={journal} title="test lab" watched={['/tmp/lab/policy.ts']} noColor={true}
      policies={builtinNames('replacement')} workloads={workloadChoices()} onQuit={onQuit} onEdit={onEdit} size={{ columns: 100, rows: 30 }} pollMs={40} />,
  );
  cleanups.push(async () => { app.unmount(); session.stop(); await running; journal.dispose(); session.close(); });
  const frame = (): string => plain(app.lastFrame());
  const press = (keys: string): void => { app.stdin.write(keys); };
  return { session, store, app, frame, press, onQuit, onEdit };
}

describe('App on a running session', () => {
  it('draws every panel and the chart fills in', async () => {
    const t = await open();
    const f = t.frame();
    for (const s of ['1 Fault rate', '2 Memory', '3 Processes', '4 Services', '5 Events', 'replacement: fifo v1', 'edit /tmp/lab/policy.ts in any editor, or press e', 'q quit']) expect(f).toContain(s);
    await vi.waitFor(() => expect(t.frame()).toMatch(/[\u2801-\u28ff]/), WAIT);
    expect(t.frame()).toMatch(/a +1 loop +running/);
    expect(t.frame().split('\n')).toHaveLength(29);
  });

  it('space pauses and resumes; + and - step the speed', async () => {
    const t = await open();
    t.press(' ');
    await vi.waitFor(() => expect(t.frame()).toContain('❚❚ paused'), WAIT);
    expect(t.session.isPaused).toBe(true);
    const at = t.session.snapshot().instructions;
    t.press(' ');
    await vi.waitFor(() => expect(t.session.snapshot().instructions).toBeGreaterThan(at), WAIT);
    expect(t.session.isPaused).toBe(false);
    t.press('-');
    await vi.waitFor(() => expect(t.session.currentSpeed).toBe(20_000_000), WAIT);
    t.press('-');
    await vi.waitFor(() => expect(t.session.currentSpeed).toBe(5_000_000), WAIT);
    await vi.waitFor(() => expect(t.frame()).toContain('speed 5.0M instr/s'), WAIT);
    t.press('+');
    t.press('+');
    await vi.waitFor(() => expect(t.session.currentSpeed).toBe(Infinity), WAIT);
  });

  it('p picks a built-in policy: a live swap, marked on the chart and logged', async () => {
    const t = await open();
    await vi.waitFor(() => expect(t.session.snapshot().series.length).toBeGreaterThan(2), WAIT);
    t.press('p');
    await vi.waitFor(() => expect(t.frame()).toContain('Switch the replacement policy'), WAIT);
    expect(t.frame()).toMatch(/› fifo +built-in \(serving now\)/);
    t.press(DOWN);
    await vi.waitFor(() => expect(t.frame()).toMatch(/› clock/), WAIT);
    t.press(ENTER);
    await vi.waitFor(() => expect(t.session.snapshot().services[0]).toMatchObject({ name: 'clock', version: 2 }), WAIT);
    await vi.waitFor(() => expect(t.frame()).toContain('replacement: v1 → v2 clock live at'), WAIT);
    await vi.waitFor(() => expect(t.frame()).toMatch(/▲v2 clock \d/), WAIT);
    expect(t.frame()).toContain('replacement: clock v2 built-in');
  });

  it('[ and ] shrink and grow the frames through the balloon', async () => {
    const t = await open();
    t.press('[');
    await vi.waitFor(() => expect(t.session.snapshot().frames.ballooned).toBe(8), WAIT);
    await vi.waitFor(() => expect(t.frame()).toContain('24/32 frames'), WAIT);
    expect(t.frame()).toContain('░');
    t.press(']');
    await vi.waitFor(() => expect(t.session.snapshot().frames.ballooned).toBe(0), WAIT);
  });

  it('a adds a workload from the picker, k kills the selected process', async () => {
    const t = await open();
    t.press('a');
    await vi.waitFor(() => expect(t.frame()).toContain('Add a process running a built-in workload'), WAIT);
    t.press(ENTER); // the first: sieve
    await vi.waitFor(() => expect(t.session.snapshot().processes.map((p) => p.name)).toEqual(['loop', 'sieve']), WAIT);
    await vi.waitFor(() => expect(t.frame()).toMatch(/›b +2 sieve/), WAIT); // the new process is selected
    t.press('k');
    await vi.waitFor(() => expect(t.session.snapshot().processes[1]!.state).toBe('killed (SIGKILL)'), WAIT);
    await vi.waitFor(() => expect(t.frame()).toContain('sieve[2] killed by SIGKILL'), WAIT);
  });

  it('? opens the help, Tab and number keys move the focus, e asks to edit, q quits', async () => {
    const t = await open();
    t.press('?');
    await vi.waitFor(() => expect(t.frame()).toContain('press any key to close'), WAIT);
    t.press('x');
    await vi.waitFor(() => expect(t.frame()).toContain('1 Fault rate'), WAIT);
    expect(t.store.get().focus).toBe('processes');
    t.press('\t');
    await vi.waitFor(() => expect(t.store.get().focus).toBe('services'), WAIT);
    t.press('1');
    await vi.waitFor(() => expect(t.store.get().focus).toBe('chart'), WAIT);
    t.press('6'); // no compile error: stays, says why
    await vi.waitFor(() => expect(t.frame()).toContain('there is none now'), WAIT);
    expect(t.store.get().focus).toBe('chart');
    t.press('e');
    await vi.waitFor(() => expect(t.onEdit).toHaveBeenCalledWith('/tmp/lab/policy.ts'), WAIT);
    t.press('q');
    await vi.waitFor(() => expect(t.onQuit).toHaveBeenCalled(), WAIT);
  });
});

describe('App on a tiny terminal', () => {
  it('says the size it needs instead of drawing a broken layout', async () => {
    const c = await Session.create({ frames: 32, seed: 1, policy: 'fifo', programs: [{ name: 'loop', image: img.ok ? img.value : (undefined as never), argv: ['loop', '48', '10'] }] });
    if (!c.ok) throw new Error(c.message);
    const store = new UiStore();
    const journal = new Journal(c.session);
    const onQuit = vi.fn();
    const app = render(<App session={c.session} store={store} journal={journal} title="t" watched={[]} noColor={true} policies={[]} workloads={[]}
      onQuit={onQuit} onEdit={() => {}} size={{ columns: 50, rows: 12 }} />);
    cleanups.push(async () => { app.unmount(); journal.dispose(); c.session.close(); });
    expect(plain(app.lastFrame())).toBe('milklab: the terminal is 50x12; the UI needs 60x16 (q quits)');
    app.stdin.write('q');
    await vi.waitFor(() => expect(onQuit).toHaveBeenCalled(), WAIT);
  });
});

describe('App with a service file', () => {
  it('shows a failed compile with its code frame until a fixed version swaps in', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { ejectedSource } = await import('../../src/cli/eject.js');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'milklab-tui-'));
    const file = path.join(dir, 'policy.ts');
    const fifo = ejectedSource('fifo')!;
    writeFileSync(file, fifo);
    const c = await Session.create({ frames: 32, seed: 1, policy: file, programs: [{ name: 'loop', image: img.ok ? img.value : (undefined as never), argv: ['loop', '48', '100000000'] }] });
    if (!c.ok) throw new Error(c.message);
    const session = c.session;
    const running = session.start(2);
    const store = new UiStore();
    const journal = new Journal(session);
    const app = render(
      <App session={session} store={store} journal={journal} title="t" watched={[file]} noColor={true} policies={builtinNames('replacement')}
        workloads={workloadChoices()} onQuit={() => {}} onEdit={() => {}} size={{ columns: 100, rows: 30 }} pollMs={40} />,
    );
    cleanups.push(async () => { app.unmount(); session.stop(); await running; journal.dispose(); session.close(); });
    const frame = (): string => plain(app.lastFrame());

    writeFileSync(file, fifo.replace(/chooseVictim\(([^)]*)\)\s*\{/, (_m, a: string) => `chooseVictim(${a}) { const broken: number = 'text';`));
    expect((await session.load('replacement', file)).ok).toBe(false);
    await vi.waitFor(() => expect(frame()).toContain('6 Compile failed'), WAIT);
    expect(frame()).toMatch(/x .*policy\.ts:\d+:\d+: Type 'string' is not assignable to type 'number'/);
    expect(frame()).toContain("const broken: number = 'text';");
    expect(frame()).toMatch(/\|\s+\^+/);
    app.stdin.write('6');
    await vi.waitFor(() => expect(store.get().focus).toBe('compile'), WAIT);

    writeFileSync(file, fifo + '\n// fixed\n');
    expect((await session.load('replacement', file)).ok).toBe(true);
    await vi.waitFor(() => expect(frame()).toContain('replacement: v1 → v2 fifo live'), WAIT);
    expect(frame()).not.toContain('6 Compile failed');
  });
});
