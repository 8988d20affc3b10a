// Opening a file in the user's editor while the UI is suspended: $EDITOR (then $VISUAL, then
// vi) run through the shell (so "code -w" works), synchronously — the event loop, the machine
// and our reading of the terminal all wait, so the editor has the terminal to itself. The
// watcher sees the save when the loop resumes.

import { spawnSync } from 'node:child_process';

export type EditorResult = { ok: true } | { ok: false; message: string };

/** The editor command line from `env`. */
export function editorCommand(env: NodeJS.ProcessEnv = process.env): string {
  return env.EDITOR?.trim() || env.VISUAL?.trim() || 'vi';
}

/** Runs the editor on `file` and waits for it. Never throws. */
export function runEditor(file: string, env: NodeJS.ProcessEnv = process.env): EditorResult {
  const editor = editorCommand(env);
  const ignore = (): void => { /* Ctrl-C belongs to the editor while it runs */ };
  process.on('SIGINT', ignore);
  try {
    const r = spawnSync('/bin/sh', ['-c', `${editor} "$1"`, 'milklab-editor', file], { stdio: 'inherit', env });
    if (r.error) return { ok: false, message: `could not run the editor '${editor}': ${r.error.message}` };
    if (r.status === 127) return { ok: false, message: `editor '${editor}' not found: set $EDITOR` };
    if (r.status !== 0) return { ok: false, message: `editor '${editor}' exited with status ${r.status ?? r.signal}` };
    return { ok: true };
  } finally {
    process.removeListener('SIGINT', ignore);
  }
}
