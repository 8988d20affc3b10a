// `milklab lab [NN] [--dir DIR]`: without NN, lists the labs one line each; with NN, copies the
// lab's README and starter files into a working folder (default ./milklab-labs/NN-name/) without
// ever overwriting the learner's files, then opens the UI on the lab's live machine (in a
// terminal, for labs that have one) or says what to do next.

import type { LabGoal } from '../labs/live.js';
import path from 'node:path';
import { describeLabError, findLab, labNames, loadLab, type Lab } from '../labs/discover.js';
import { describeLabSessionError, labSession } from '../labs/live.js';
import { watchFiles } from '../services/watcher.js';
import { copyStarter, defaultWorkdir, submissionPath } from '../labs/workdir.js';
import { parse } from './args.js';
import { badInput, usage } from './errors.js';

const OPTIONS = { dir: { type: 'string' } } as const;

/** `./x` for a path under the current directory, the path itself otherwise. */
export function shown(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? p : rel;
}

/** One line for the list: number, slug, title, minutes. */
function listLine(name: string): string {
  const r = loadLab(name);
  const head = `${name.slice(0, 2)}  ${name.slice(3).padEnd(20)}`;
  if (!r.ok) return `${head}(cannot be used: ${describeLabError(r.error)})`;
  const c = r.lab.config;
  return `${head}${c.title} — ${c.summary} (${c.minutes} min)`;
}

/** The next steps once the working folder is ready (printed when the UI does not open). */
function nextSteps(lab: Lab, dir: string, custom: boolean, out: (s: string) => void): void {
  const id = lab.id;
  const dirFlag = custom ? ` --dir ${shown(dir)}` : '';
  out('');
  out(`next: read ${shown(path.join(dir, 'README.md'))}, then edit ${shown(submissionPath(lab, dir))}`);
  out(`      milklab check ${id}${dirFlag}     grades it (PASS/FAIL per criterion)`);
}

/** The lab's goal as one caption line: each criterion's live status (✓ pass, ✗ fail, … not graded yet). */
export function goalLine(goal: LabGoal): string {
  const st = goal.status();
  const fmt = (x: number | null): string => (x === null ? '?' : Number.isInteger(x) ? String(x) : x.toFixed(3));
  const parts = goal.criteria().map((c) => `${c.pass === null ? '…' : c.pass ? '✓' : '✗'} ${c.name} ${fmt(c.measured)} (target ${c.compare} ${fmt(c.target)})`);
  const state = st.kind === 'checking' ? ' [checking…]' : st.kind === 'error' ? ` [cannot grade: ${st.message}]` : '';
  return `goal: ${parts.join(' · ')}${state}`;
}

/**
 * Opens the terminal UI on the lab's live machine workload with the learner's file watched: a
 * save is swapped in live and re-graded in the background. Returns undefined (nothing opened)
 * when stdout is not a terminal or the lab is graded on traces only.
 */
async function openUi(lab: Lab, dir: string): Promise<number | undefined> {
  if (!process.stdout.isTTY) return undefined;
  const r = await labSession(lab.id, dir);
  if (!r.ok) throw badInput(describeLabSessionError(r.error));
  const { session, watched, goal } = r;
  if (!session) return undefined;
  const w = watchFiles(watched.map((f) => f.file), (file) => {
    const slot = watched.find((f) => f.file === file)?.slot;
    if (slot) void session.load(slot, file);
    void goal.refresh();
  });
  void goal.refresh();
  try {
    const { startTui } = await import('../tui/main.js'); // Ink and React load only here
    return await startTui({ session, watched: watched.map((f) => f.file), title: goal.title, caption: () => goalLine(goal) });
  } finally {
    await w.close();
  }
}

/** Runs the command; returns the exit status. */
export async function labCommand(args: string[], out: (s: string) => void): Promise<number> {
  const p = parse('lab', args, OPTIONS);
  if (p.positionals.length === 0) {
    if (p.values.dir !== undefined) throw usage('lab: --dir needs a lab number (milklab lab NN --dir DIR)');
    const names = labNames();
    if (names.length === 0) throw badInput('no labs found in this installation');
    for (const n of names) out(listLine(n));
    out('');
    out("start one: milklab lab NN   (copies it into ./milklab-labs/, never overwriting your files)");
    return 0;
  }
  if (p.positionals.length > 1) throw usage('lab: usage: milklab lab [NN] [--dir DIR]');
  const found = findLab(p.positionals[0]!);
  if (!found.ok) throw badInput(describeLabError(found.error));
  const lab = found.lab;
  const custom = typeof p.values.dir === 'string';
  const dir = custom ? path.resolve(String(p.values.dir)) : defaultWorkdir(lab);
  const r = copyStarter(lab, dir);
  if (!r.ok) throw badInput(`${shown(r.error.file)}: cannot write (${r.error.code})`);
  out(`lab ${lab.id}: ${lab.config.title} — in ${shown(dir)}`);
  for (const f of r.written) out(`  wrote ${f}`);
  for (const f of r.kept) out(`  kept  ${f} (already there: your work is never overwritten)`);
  const ui = await openUi(lab, dir);
  if (ui !== undefined) return ui;
  nextSteps(lab, dir, custom, out);
  return 0;
}
