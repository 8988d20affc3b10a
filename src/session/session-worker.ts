// The session's own thread (bundled to dist/session-worker.mjs): hosts one Session — the machine,
// its kernel and its service slots — for a RemoteSession on the UI's thread, so that drawing the
// screen never takes time from the machine. Runs commands in the order they arrive and the
// machine loop when told; keeps the events (the newest MAX_EVENTS) and sends them with a snapshot
// when the other side pulls.

import { parentPort, workerData } from 'node:worker_threads';
import { setPackageRoot } from '../paths.js';
import type { FromSessionThread, ToSessionThread } from './remote-messages.js';
import { Session, type SessionEvent } from './session.js';

/** Events sent per pull, at most (the newest; the UI's journal keeps 500 anyway). */
const MAX_EVENTS = 1000;

if (parentPort) {
  const port = parentPort;
  const root = (workerData as { root?: unknown } | undefined)?.root;
  if (typeof root === 'string') setPackageRoot(root);
  const post = (m: FromSessionThread): void => port.postMessage(m);
  let session: Session | undefined;
  let events: SessionEvent[] = [];
  const keep = (event: SessionEvent): void => {
    events.push(event);
    if (events.length > MAX_EVENTS * 2) events = events.slice(-MAX_EVENTS); // bounded between two pulls
  };

  port.on('message', (m: ToSessionThread) => {
    void handle(m);
  });

  async function handle(m: ToSessionThread): Promise<void> {
    switch (m.type) {
      case 'create': {
        const r = await Session.create({ ...m.opts, onEvent: keep });
        if (!r.ok) { post({ type: 'created', ok: false, message: r.message }); return; }
        session = r.session;
        events = []; // the ones so far are in the snapshot's events, as with a Session on one's own thread
        post({ type: 'created', ok: true, snapshot: session.snapshot() });
        return;
      }
      case 'pull': {
        if (!session) return;
        post({ type: 'snapshot', snapshot: session.snapshot(), events: events.slice(-MAX_EVENTS) });
        events = [];
        return;
      }
      case 'call': {
        if (!session) { post({ type: 'reply', id: m.id, ok: false, message: 'no session' }); return; }
        try {
          const fn = (session as unknown as Record<string, (...a: unknown[]) => unknown>)[m.name]!;
          const value = await fn.apply(session, m.args);
          post({ type: 'reply', id: m.id, ok: true, value });
        } catch (e) {
          post({ type: 'reply', id: m.id, ok: false, message: e instanceof Error ? e.message : String(e) });
        }
        return;
      }
      case 'start': {
        if (!session) return;
        try {
          await session.start();
          post({ type: 'idle', token: m.token });
        } catch (e) {
          post({ type: 'idle', token: m.token, error: e instanceof Error ? e.message : String(e) });
        }
        return;
      }
      case 'stop':
        session?.stop();
        return;
      case 'close':
        session?.close();
        session = undefined;
        post({ type: 'closed' });
        port.close();
        return;
    }
  }
}
