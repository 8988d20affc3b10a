// What a bare `milklab` (and `npm start`) opens: a working folder with an editable policy (an
// ejected FIFO), three workloads competing for too few frames under it (fault rates visibly
// high), every workload respawned when it finishes so the machine keeps running, the policy file
// watched (each save is a live hot swap), and the terminal UI on top.

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ejectedSource } from '../cli/eject.js';
import { watchFiles } from '../services/watcher.js';
import type { ProgramSpec } from '../session/session.js';
import { RemoteSession } from '../session/remote.js';
import { workloadProgram } from './programs.js';
import { displayPath } from './view/format.js';

/** The default lab's machine: frames and workloads (loop alone needs 1100 pages). */
export const DEFAULT_FRAMES = 1024;
export const DEFAULT_WORKLOADS: readonly { name: string; args: string[] }[] = [
  { name: 'loop', args: ['1100', '1000000'] },
  { name: 'zipf', args: ['4096', '1000000000'] },
  { name: 'seqscan', args: ['8m', '100000'] },
];

/**
 * Creates `<dir>/milklab-work/policy.ts` (an ejected FIFO) unless it exists — never overwrites.
 * Returns the policy file's absolute path.
 */
export function prepareWorkFolder(cwd: string): string {
  const dir = path.join(cwd, 'milklab-work');
  mkdirSync(dir, { recursive: true });
  const policy = path.join(dir, 'policy.ts');
  if (!existsSync(policy)) {
    const src = ejectedSource('fifo');
    if (src === undefined) throw new Error('the built-in fifo policy is missing');
    try { writeFileSync(policy, src, { flag: 'wx' }); } catch (e) { if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; }
  }
  return policy;
}

/** The default workloads as programs. */
export function defaultPrograms(): ProgramSpec[] {
  return DEFAULT_WORKLOADS.map((w) => {
    const p = workloadProgram(w.name, w.args);
    if (!p.ok) throw new Error(p.message);
    return p.program;
  });
}

/** Opens the default lab in `cwd`; resolves with the exit status when the user quits. */
export async function openDefault(cwd: string, opts: { record?: string } = {}): Promise<number> {
  const policy = prepareWorkFolder(cwd);
  const programs = defaultPrograms();
  // Compiling the policy (its type check loads TypeScript) and loading Ink take most of a second:
  // say what is happening meanwhile; the UI replaces this line on the alternate screen.
  if (process.stdout.isTTY) process.stdout.write(`milklab: starting the default lab, compiling ${displayPath(policy)}…\n`);
  // Watch from the start (its directory scan overlaps the compile); a save before the session
  // exists is loaded as soon as it does.
  let session: RemoteSession | undefined;
  let savedEarly = false;
  const watcher = watchFiles([policy], (file) => {
    if (session) void session.load('replacement', file);
    else savedEarly = true;
  });
  try {
    // Start at once on the built-in FIFO (what policy.ts holds when freshly ejected) and load the
    // file in the background: its first compile loads TypeScript (~0.5 s), which must not delay
    // the first frame. It goes live as version 2 — or, if an earlier run left it broken, its
    // compile error shows in the UI and the next save that compiles swaps in.
    // The machine runs on a thread of its own, so drawing the screen takes no time from it.
    const created = await RemoteSession.create({ frames: DEFAULT_FRAMES, seed: 1, policy: 'fifo', programs });
    if (!created.ok) throw new Error(created.message);
    const s = (session = created.session);
    const respawn = new Map<number, ProgramSpec>();
    s.snapshot().processes.forEach((p, i) => { if (programs[i]) respawn.set(p.pid, programs[i]!); });
    s.onEvent((e) => {
      if (e.type !== 'exit') return;
      const prog = respawn.get(e.pid);
      if (!prog) return;
      respawn.delete(e.pid);
      // On the session's thread, between two chunks of its machine loop.
      void s.addProcess(prog).then((r) => { if (r.ok) respawn.set(r.pid, prog); });
    });
    void savedEarly; // any early save is covered: the file is loaded below either way
    // After the first frame: the first compile loads TypeScript synchronously (~0.3-0.5 s), which
    // would otherwise hold back Ink's first render.
    setTimeout(() => { void s.load('replacement', policy); }, 300);
    const { startTui } = await import('./main.js'); // Ink and React load here, after the line above
    return await startTui({
      session: s, watched: [policy], ...(opts.record ? { record: opts.record } : {}),
      title: `default lab: ${DEFAULT_WORKLOADS.map((w) => w.name).join(', ')} share ${DEFAULT_FRAMES} frames`,
    });
  } finally {
    await watcher.close();
  }
}
