// Watching service files for saves (chokidar 5). Editors save in several writes — truncate then
// write, write a temporary file and rename it over the original (atomic save), vim's
// rename-to-backup then write a new file — and each write is a file-system event. One save
// must become one notification, after the last write.
//
// How: chokidar watches the files' directories (depth 0, everything but our files ignored), so
// a file replaced by a rename, or deleted and created again, is still seen (a watch on the file
// alone dies with its inode). A per-file debounce (default 40 ms) is restarted by every event
// about the file: chokidar's add/change, and its `raw` events (each underlying fs.watch event,
// before chokidar's 50 ms `change` throttle, which would drop a write arriving just after a first
// one and so let the debounce fire before the last write). This keeps the latency at about the
// debounce (awaitWriteFinish would add its stability threshold and polling on top) while every
// write still pushes the notification past itself. When the debounce fires the file must exist:
// a deletion alone is not a save (a delete then re-create, or a rename over it, is one).
// Duplicate notifications are harmless (the compiler hashes the content) but cost a compile at
// the worst moment: chokidar's own `change` arrives after its throttle, often after the debounce
// fired for the raw events of the same write, so a notification whose file is exactly as at the
// last one (same inode, size and nanosecond mtime) is dropped. A missed last write would not be
// harmless.

import { statSync } from 'node:fs';
import path from 'node:path';
import { watch } from 'chokidar';

export interface WatchOptions {
  /** Quiet time after the last event of a burst before onSave (ms, default 40). */
  debounceMs?: number;
}

export interface FileWatcher {
  /** Stops watching; pending notifications are dropped. */
  close(): Promise<void>;
  /** Resolves when the initial scan is done (events before it are not reported). */
  ready: Promise<void>;
}

/** Calls `onSave(file)` (with `file` as given) once per burst of writes to one of `files`. */
export function watchFiles(files: string[], onSave: (file: string) => void, opts: WatchOptions = {}): FileWatcher {
  const debounceMs = opts.debounceMs ?? 40;
  const byPath = new Map<string, string>(); // absolute path → the name the caller gave
  for (const f of files) byPath.set(path.resolve(f), f);
  const dirs = new Set([...byPath.keys()].map((f) => path.dirname(f)));
  const timers = new Map<string, NodeJS.Timeout>();
  let closed = false;

  const watcher = watch([...dirs], {
    depth: 0,
    ignoreInitial: true,
    ignored: (p: string) => {
      const abs = path.resolve(p);
      return !dirs.has(abs) && !byPath.has(abs);
    },
  });

  /** What identifies one written state of a file ('' when it is not a file). */
  const stamp = (abs: string): string => {
    try {
      const st = statSync(abs, { bigint: true });
      return st.isFile() ? `${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}` : '';
    } catch {
      return '';
    }
  };
  const notified = new Map<string, string>(); // abs → stamp at the last onSave
  const touched = (abs: string) => {
    const given = byPath.get(abs);
    if (given === undefined || closed) return;
    const pending = timers.get(abs);
    if (pending) clearTimeout(pending);
    timers.set(abs, setTimeout(() => {
      timers.delete(abs);
      const now = stamp(abs);
      if (closed || now === '' || notified.get(abs) === now) return;
      notified.set(abs, now);
      onSave(given);
    }, debounceMs));
  };
  watcher.on('add', (p: string) => touched(path.resolve(p)));
  watcher.on('change', (p: string) => touched(path.resolve(p)));
  // raw: (event, name, { watchedPath }) — name is relative to a watched directory, or the file itself.
  watcher.on('raw', (_event: string, name: unknown, details: unknown) => {
    const watched = (details as { watchedPath?: unknown } | undefined)?.watchedPath;
    if (typeof watched !== 'string') return;
    const w = path.resolve(watched);
    if (byPath.has(w)) touched(w);
    else if (typeof name === 'string' && name !== '') touched(path.resolve(w, name));
  });
  watcher.on('error', () => { /* a directory went away, permissions: keep watching the rest */ });

  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return {
    ready,
    async close() {
      closed = true;
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      await watcher.close();
    },
  };
}
