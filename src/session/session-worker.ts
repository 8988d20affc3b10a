// The session's own thread (bundled to dist/session-worker.mjs): hosts one Session — the machine,
// its kernel and its service slots — for a RemoteSession on the UI's thread, so that drawing the
// screen never takes time from the machine. Runs commands in the order they arrive, the machine
// loop when told, and sends a snapshot every `snapshotMs` (and after every command) and every
// event as it happens.

import { parentPort, workerData } from 'node:worker_threads';
import { setPackageRoot } from '../paths.js';
import type { FromSessionThread, ToSessionThread } from './remote-messages.js';
import { Session } from './session.js';

if (parentPort) {
  const port = parentPort;
  const root = (workerData as { root?: unknown } | undefined)?.root;
  if (typeof root === 'string') setPackageRoot(root);
  const post = (m: FromSessionThread): void => port.postMessage(m);
  let session: Session | undefined;
  let timer: NodeJS.Timeout | undefined;
  const sendSnapshot = (): void => { if (session) post({ type: 'snapshot', snapshot: session.snapshot() }); };

  port.on('message', (m: ToSessionThread) => {
    void handle(m);
  });

  async function handle(m: ToSessionThread): Promise<void> {
    switch (m.type) {
      case 'create': {
        const r = await Session.create({ ...m.opts, onEvent: (event) => post({ type: 'event', event }) });
        if (!r.ok) { post({ type: 'created', ok: false, message: r.message }); return; }
        session = r.session;
        timer = setInterval(sendSnapshot, m.snapshotMs);
        post({ type: 'created', ok: true, snapshot: session.snapshot() });
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
        sendSnapshot();
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
        sendSnapshot();
        return;
      }
      case 'stop':
        session?.stop();
        return;
      case 'close':
        if (timer) clearInterval(timer);
        session?.close();
        session = undefined;
        post({ type: 'closed' });
        port.close();
        return;
    }
  }
}
