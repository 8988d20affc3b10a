// The UI's cost: machine throughput with the UI open vs headless (the same first instructions of
// the same session, timed both ways), redraws per second, and the time to the first full frame. The UI renders into a
// fake 100x30 terminal in this process, exactly as it would to a real one.

import { PassThrough, Writable } from 'node:stream';
import { RemoteSession } from '../src/session/remote.js';
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

async function remoteSession(): Promise<RemoteSession> {
  const c = await RemoteSession.create({ frames: 1024, seed: 1, policy: 'fifo', programs: defaultPrograms() });
  if (!c.ok) throw new Error(c.message);
  return c.session;
}

async function session(): Promise<Session> {
  const c = await Session.create({ frames: 1024, seed: 1, policy: 'fifo', programs: defaultPrograms() });
  if (!c.ok) throw new Error(c.message);
  return c.session;
}

/**
 * Time for the default lab's machine to retire its first `instructions`, headless and with the UI,
 * `reps` times each, alternating (after a warm-up run); the ratio is the median of the pairs'.
 * Frames counts the screen updates written (Ink writes synchronized-output brackets separately).
 */
export async function measureUi(instructions = 100_000_000, reps = 3): Promise<UiBench> {
  const { startTui } = await import('../src/tui/main.js'); // loaded before any timing
  /**
   * Seconds until `count()` (instructions retired) reaches `instructions`, polled every 2 ms; a
   * remote session's count comes with its snapshots (12 a second), so the crossing is
   * interpolated between the two counts around it.
   */
  const until = async (count: () => number): Promise<number> => {
    const t0 = performance.now();
    let prev = { t: t0, i: count() };
    for (;;) {
      await new Promise((r) => setTimeout(r, 2));
      const i = count(), t = performance.now();
      if (i >= instructions) {
        const crossing = i === prev.i ? t : prev.t + ((instructions - prev.i) / (i - prev.i)) * (t - prev.t);
        return (crossing - t0) / 1000;
      }
      if (i !== prev.i) prev = { t, i };
    }
  };
  const headless = async (): Promise<number> => {
    const h = await session();
    const run = h.start();
    const seconds = await until(() => h.kernel.machine.cpu.instret);
    h.stop();
    await run;
    h.close();
    return seconds;
  };
  await headless(); // warm-up: compile the blocks and the services once, so no timed run pays for it
  const pairs: { headlessS: number; uiS: number; fps: number; firstFrameMs: number }[] = [];
  for (let r = 0; r < reps; r++) {
    const headlessS = await headless();
    const s = await remoteSession(); // as `milklab` runs it: the machine on a thread of its own
    let frames = 0, first = 0;
    const t0 = performance.now();
    const term = fakeTerminal((w) => {
      if (!w.includes('Fault rate')) return; // a bracket or a cursor move, not a screen
      frames++;
      if (!first) first = performance.now() - t0;
    });
    const done = startTui({ session: s, watched: [], title: 'bench', stdout: term.stdout, stdin: term.stdin });
    const uiS = await until(() => s.snapshot().instructions);
    const fps = frames / ((performance.now() - t0) / 1000);
    (term.stdin as unknown as PassThrough).write('q');
    await done;
    pairs.push({ headlessS, uiS, fps, firstFrameMs: first });
  }
  pairs.sort((a, b) => a.headlessS / a.uiS - b.headlessS / b.uiS);
  const m = pairs[Math.floor(pairs.length / 2)]!;
  const headlessMips = instructions / m.headlessS / 1e6, uiMips = instructions / m.uiS / 1e6;
  return { headlessMips, uiMips, ratio: uiMips / headlessMips, fps: m.fps, firstFrameMs: m.firstFrameMs };
}
