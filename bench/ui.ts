// The UI's cost: machine throughput with the UI open vs headless (same session setup, same wall
// time), frames drawn per second, and the time to the first full frame. The UI renders into a
// fake 100x30 terminal in this process, exactly as it would to a real one.

import { PassThrough, Writable } from 'node:stream';
import { Session } from '../src/session/session.js';
import { defaultPrograms } from '../src/tui/default-scenario.js';

export interface UiBench { headlessMips: number; uiMips: number; ratio: number; fps: number; firstFrameMs: number }

function fakeTerminal(onWrite: (s: string) => void): { stdout: NodeJS.WriteStream; stdin: NodeJS.ReadStream } {
  const out = new Writable({ write(chunk, _enc, cb) { onWrite(String(chunk)); cb(); } }) as unknown as NodeJS.WriteStream & { isTTY: boolean; columns: number; rows: number };
  Object.assign(out, { isTTY: true, columns: 100, rows: 30 });
  const inp = new PassThrough() as unknown as NodeJS.ReadStream & { isTTY: boolean; setRawMode: (b: boolean) => unknown; ref: () => void; unref: () => void };
  Object.assign(inp, { isTTY: true, setRawMode: () => inp, ref: () => inp, unref: () => inp });
  return { stdout: out, stdin: inp };
}

async function session(): Promise<Session> {
  const c = await Session.create({ frames: 1024, seed: 1, policy: 'fifo', programs: defaultPrograms() });
  if (!c.ok) throw new Error(c.message);
  return c.session;
}

/** Runs the default lab's machine for `seconds` headless, then with the UI; compares. */
export async function measureUi(seconds = 5): Promise<UiBench> {
  const h = await session();
  const run = h.start();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  h.stop();
  await run;
  const headlessMips = h.kernel.machine.cpu.instret / seconds / 1e6;
  h.close();

  const s = await session();
  let frames = 0, first = 0;
  const t0 = performance.now();
  const term = fakeTerminal((w) => {
    frames++;
    if (!first && w.includes('Fault rate')) first = performance.now() - t0;
  });
  const { startTui } = await import('../src/tui/main.js');
  let instr0 = 0, tStart = 0;
  const done = startTui({ session: s, watched: [], title: 'bench', stdout: term.stdout, stdin: term.stdin });
  await new Promise((r) => setTimeout(r, 300)); // let it settle, then measure a fixed window
  instr0 = s.kernel.machine.cpu.instret; tStart = performance.now(); const f0 = frames;
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const span = (performance.now() - tStart) / 1000;
  const uiMips = (s.kernel.machine.cpu.instret - instr0) / span / 1e6;
  const fps = (frames - f0) / span;
  (term.stdin as unknown as PassThrough).write('q');
  await done;
  return { headlessMips, uiMips, ratio: uiMips / headlessMips, fps, firstFrameMs: first };
}
