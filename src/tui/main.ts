// Starting the terminal UI on a session: checks for a terminal, switches to the alternate
// screen, runs the machine (session.start, restarted when it goes idle so added processes run)
// and the Ink app, suspends the app around $EDITOR, and on quit restores the terminal, stops the
// machine and closes the session. Ink owns the terminal and the keyboard; nothing else draws.
// For scripted demos: a caption line, an asciicast recording of everything written (a marker at
// every swap and rollback), and quitting by itself when the script ends.

import { render } from 'ink';
import { createElement } from 'react';
import { CastRecorder, tapStream } from '../record/asciicast.js';
import { builtinNames } from '../session/versions.js';
import { App } from './App.js';
import { runEditor } from './editor.js';
import { workloadChoices } from './programs.js';
import { Journal } from './state/journal.js';
import { UiStore } from './state/ui-store.js';
import type { DrivenSession } from './state/ui-state-context.js';
import { displayPath } from './view/format.js';
import { noColorFrom } from './view/style.js';

export interface TuiOptions {
  /** A Session, or a RemoteSession (the machine on a thread of its own). */
  session: DrivenSession;
  /** Service files being watched (named in the header; `e` opens the active one). */
  watched: string[];
  title: string;
  onExit?: () => void;
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  /** A caption shown under the title (scripted demos); read at every frame. */
  caption?: () => string | undefined;
  /** Record the screen to this asciicast v2 file. */
  record?: string;
  /** Quit by itself when this settles (the end of a scripted demo). */
  autoExitWhen?: Promise<unknown>;
  /** Run the machine (session.start); default true, false when autoExitWhen is given (the script drives it). */
  drive?: boolean;
}

/** The line printed instead of the UI when stdout is not a terminal. */
export const NOT_A_TERMINAL = "milklab: the terminal UI needs a terminal (stdout is not a TTY); headless, use 'milklab run <workload>... --json' or 'milklab trace <file> --policy NAME --frames N' (see 'milklab help')";

const ENTER_ALT = '\x1b[?1049h\x1b[H\x1b[2J';
const LEAVE_ALT = '\x1b[?25h\x1b[?1049l';

type Outcome = { kind: 'quit' } | { kind: 'edit'; file: string };

/**
 * Runs the UI until the user quits; resolves with the exit status (0, or 2 without a terminal).
 * Contract: the terminal is as it was when this resolves, and the session is closed — unless a
 * script drives it (drive false), whose caller then closes it.
 */
export async function startTui(opts: TuiOptions): Promise<number> {
  const stdout = opts.stdout ?? process.stdout;
  const stdin = opts.stdin ?? process.stdin;
  const { session } = opts;
  if (!stdout.isTTY) {
    process.stderr.write(NOT_A_TERMINAL + '\n');
    session.close();
    opts.onExit?.();
    return 2;
  }
  let recorder: CastRecorder | undefined;
  if (opts.record) {
    try {
      recorder = new CastRecorder(opts.record, { width: stdout.columns || 80, height: stdout.rows || 24, title: opts.title });
    } catch (e) {
      process.stderr.write(`milklab: ${opts.record}: cannot record (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})\n`);
      session.close();
      opts.onExit?.();
      return 2;
    }
  }
  const untap = recorder ? tapStream(stdout, recorder) : undefined;
  const offMarkers = recorder ? session.onEvent((e) => {
    if (e.type === 'swap') recorder!.marker(`v${e.toVersion} ${e.name}`);
    else if (e.type === 'rollback') recorder!.marker(`rollback to v${e.toVersion}`);
  }) : undefined;
  const store = new UiStore();
  const journal = new Journal(session);
  const noColor = noColorFrom(process.env);
  const policies = builtinNames('replacement');
  const workloads = workloadChoices();

  let restored = false;
  const restore = (): void => { if (!restored) { restored = true; stdout.write(LEAVE_ALT); } };
  process.once('exit', restore);
  stdout.write(ENTER_ALT);

  let quitting = false;
  const drive = opts.drive ?? opts.autoExitWhen === undefined;
  const machine = (async () => {
    try {
      while (drive && !quitting) {
        await session.start();
        if (!quitting) await new Promise((r) => setTimeout(r, 50)); // idle: wait for a process to be added
      }
    } catch (e) {
      store.say(`the machine stopped: ${(e as Error).message.split('\n')[0]}`, 'error');
    }
  })();

  let requestQuit: () => void = () => {};
  const onSignal = (): void => { quitting = true; requestQuit(); };
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  opts.autoExitWhen?.then(onSignal, onSignal);
  try {
    for (;;) {
      const outcome = await runApp();
      if (outcome.kind === 'quit') break;
      restore();
      const r = runEditor(outcome.file);
      restored = false;
      stdout.write(ENTER_ALT);
      store.say(r.ok ? `back from the editor: a save of ${displayPath(outcome.file)} is swapped in live` : r.message, r.ok ? 'info' : 'error');
    }
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    quitting = true;
    if (drive) session.stop();
    await machine;
    journal.dispose();
    offMarkers?.();
    if (drive) session.close();
    restore();
    untap?.();
    recorder?.close();
    process.off('exit', restore);
    opts.onExit?.();
  }
  return 0;

  /** Mounts the app and resolves when it asks to quit or to open the editor (after unmounting). */
  function runApp(): Promise<Outcome> {
    return new Promise((resolve) => {
      let done = false;
      const finish = (o: Outcome): void => {
        if (done) return;
        done = true;
        setImmediate(() => { instance.unmount(); void exited.then(() => resolve(o), () => resolve(o)); });
      };
      requestQuit = () => finish({ kind: 'quit' });
      const instance = render(
        createElement(App, {
          session, store, journal, title: opts.title, watched: opts.watched, noColor, policies, workloads, caption: opts.caption,
          onQuit: () => finish({ kind: 'quit' }), onEdit: (file: string) => finish({ kind: 'edit', file }),
        }),
        { stdout, stdin, exitOnCtrlC: false, patchConsole: false, maxFps: 15 },
      );
      const exited = instance.waitUntilExit();
      if (quitting) finish({ kind: 'quit' });
    });
  }
}
