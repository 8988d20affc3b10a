// startTui: without a terminal, one line pointing to the headless commands and status 2; on a
// terminal, the alternate screen, the machine running under the UI, and q quitting cleanly
// (status 0, the terminal restored, the machine stopped, the session closed).
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseElf } from '../../src/machine/hw/elf.js';
import { Session } from '../../src/session/session.js';
import { NOT_A_TERMINAL, startTui } from '../../src/tui/main.js';
import { findWorkload } from '../../src/workloads/registry.js';

const img = parseElf(new Uint8Array(readFileSync(findWorkload('loop')!.file)));
if (!img.ok) throw new Error('loop.elf');

async function session(): Promise<Session> {
  const c = await Session.create({ frames: 32, seed: 1, policy: 'fifo', programs: [{ name: 'loop', image: img.ok ? img.value : (undefined as never), argv: ['loop', '48', '100000000'] }] });
  if (!c.ok) throw new Error(c.message);
  return c.session;
}

/** A terminal stand-in: a TTY-looking stdout that keeps what is written, and a stdin to type into. */
function terminal(columns = 100, rows = 30) {
  let written = '';
  const stdout = new Writable({ write(chunk, _e, cb) { written += String(chunk); cb(); } }) as unknown as NodeJS.WriteStream;
  Object.assign(stdout, { isTTY: true, columns, rows });
  class Stdin extends EventEmitter {
    isTTY = true; private data: string | null = null;
    write(d: string): void { this.data = d; this.emit('readable'); }
    read(): string | null { const d = this.data; this.data = null; return d; }
    setEncoding(): void {} setRawMode(): void {} resume(): void {} pause(): void {} ref(): void {} unref(): void {}
  }
  const stdin = new Stdin();
  return { stdout, stdin: stdin as unknown as NodeJS.ReadStream & Stdin, written: () => written };
}

afterEach(() => { vi.restoreAllMocks(); });

describe('startTui', () => {
  it('without a terminal prints one line naming the headless commands and returns 2', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const s = await session();
    const close = vi.spyOn(s, 'close');
    const out = new Writable({ write(_c, _e, cb) { cb(); } }) as unknown as NodeJS.WriteStream;
    const onExit = vi.fn();
    expect(await startTui({ session: s, watched: [], title: 't', stdout: out, onExit })).toBe(2);
    expect(err).toHaveBeenCalledWith(NOT_A_TERMINAL + '\n');
    expect(NOT_A_TERMINAL).toMatch(/milklab run .*milklab trace/);
    expect(close).toHaveBeenCalled();
    expect(onExit).toHaveBeenCalled();
  });

  it('runs the machine under the UI and quits cleanly on q', async () => {
    const s = await session();
    const close = vi.spyOn(s, 'close');
    const t = terminal();
    const onExit = vi.fn();
    const done = startTui({ session: s, watched: [], title: 'test lab', stdout: t.stdout, stdin: t.stdin, onExit });
    await vi.waitFor(() => expect(t.written()).toContain('3 Processes'), { timeout: 10_000 });
    expect(t.written().startsWith('\x1b[?1049h')).toBe(true); // the alternate screen
    await vi.waitFor(() => expect(s.snapshot().instructions).toBeGreaterThan(1_000_000), { timeout: 10_000 });
    t.stdin.write('q');
    expect(await done).toBe(0);
    expect(close).toHaveBeenCalled();
    expect(onExit).toHaveBeenCalled();
    expect(t.written().endsWith('\x1b[?25h\x1b[?1049l')).toBe(true); // cursor back, main screen back
    const at = s.snapshot().instructions;
    for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r)); // turns in which a running machine would run
    expect(s.snapshot().instructions).toBe(at); // the machine stopped
  });

  it('Ctrl-C quits like q', async () => {
    const s = await session();
    const t = terminal(80, 24);
    const done = startTui({ session: s, watched: [], title: 't', stdout: t.stdout, stdin: t.stdin });
    await vi.waitFor(() => expect(t.written()).toContain('1 Fault rate'), { timeout: 10_000 });
    t.stdin.write('\x03');
    expect(await done).toBe(0);
  });
});

describe('startTui for scripted demos', () => {
  it('shows the caption, records the screen with a marker at each swap, and quits when the script ends', async () => {
    const s = await session();
    const t = terminal();
    const cast = path.join(mkdtempSync(path.join(os.tmpdir(), 'milklab-cast-')), 'demo.cast');
    let caption = 'FIFO thrashes';
    let end!: () => void;
    const script = new Promise<void>((r) => { end = r; });
    const done = startTui({ session: s, watched: [], title: 'demo', stdout: t.stdout, stdin: t.stdin, caption: () => caption, record: cast, autoExitWhen: script });
    await vi.waitFor(() => expect(t.written()).toContain('FIFO thrashes'), { timeout: 10_000 });
    // the script drives the machine: the UI does not run it
    expect(s.snapshot().instructions).toBe(0);
    s.runSync(1_000_000);
    expect((await s.load('replacement', 'clock')).ok).toBe(true);
    s.runSync(1_000_000);
    caption = 'CLOCK keeps the hot pages';
    await vi.waitFor(() => expect(t.written()).toContain('CLOCK keeps the hot pages'), { timeout: 10_000 });
    end();
    expect(await done).toBe(0);
    const lines = readFileSync(cast, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as unknown);
    expect(lines[0]).toMatchObject({ version: 2, width: 100, height: 30, title: 'demo' });
    expect(lines.some((l) => Array.isArray(l) && l[1] === 'm' && l[2] === 'v2 clock')).toBe(true);
    expect(lines.filter((l) => Array.isArray(l) && l[1] === 'o').map((l) => (l as string[])[2]).join('')).toContain('CLOCK keeps the hot pages');
    s.close();
  });
});
