// The service worker's entry point (bundled to one .mjs by script.ts or the build, run in a
// worker_threads Worker with resource limits). Boots, says `ready`, waits for its bundle,
// evaluates it with sandbox.ts in a bare vm realm (the service reaches no Node built-in: not
// require, not process, not this file's imports), reports the service's descriptor, runs the
// self test (and, once passed, the rehearsal that warms the hot paths) when asked, and serves
// the shared-memory channel forever (server.ts). The bundle is prefixed with realm-guard.ts's
// prologue, so ArrayBuffer memory (outside the heap limit) has a budget too. One worker = one
// version of one service, many instances.

import { parentPort } from 'node:worker_threads';
import type { Service } from '../protocol.js';
import { evaluateService } from '../sandbox.js';
import { Channel } from './channel.js';
import { Instances } from './instances.js';
import { guardBundle } from './realm-guard.js';
import type { FromWorker, SelfTestVerdict, ServiceDescriptor, ToWorker } from './messages.js';
import { rehearse } from './rehearsal.js';
import { selfTest } from './selftest.js';
import { ChannelServer, serve } from './server.js';

/** What the kernel's side needs to know about a loaded service. */
function describe(svc: Service): ServiceDescriptor {
  const has = (k: string): boolean => typeof (svc as unknown as Record<string, unknown>)[k] === 'function';
  const d: ServiceDescriptor = {
    kind: svc.kind, name: svc.name, description: svc.description,
    hooks: { onMap: has('onMap'), onUnmap: has('onUnmap'), onAccess: has('onAccess'), onScan: has('onScan'), exportState: has('exportState'), migrate: has('migrate') },
  };
  if (svc.kind === 'replacement' && svc.needs) d.needs = { references: svc.needs.references === true, future: svc.needs.future === true };
  return d;
}

if (parentPort) {
  const port = parentPort;
  const post = (m: FromWorker): void => port.postMessage(m);
  // A service's stray promise rejection must not take the worker down between calls.
  process.on('unhandledRejection', () => {});
  let svc: Service | undefined;
  port.on('message', (m: ToWorker) => {
    if (m.type === 'load') {
      if (svc) return;
      const ev = evaluateService(guardBundle(m.code, m.bufferMb * 1024 * 1024), m.file, m.globalName);
      if (!ev.ok) {
        post({ type: 'loaded', ok: false, error: { kind: ev.kind, message: ev.message } });
        return;
      }
      svc = ev.service;
      post({ type: 'loaded', ok: true, descriptor: describe(svc) });
      void serve(new ChannelServer(new Channel(m.sab), m.port, new Instances(svc)), m.spinUs);
    } else if (m.type === 'selftest') {
      const verdict: SelfTestVerdict = svc ? selfTest(svc) : { ok: false, kind: 'threw', message: 'no service loaded' };
      post({ type: 'selftest', token: m.token, verdict });
      // warm the hot paths before the first real fault
      if (svc && verdict.ok && m.frames > 0) post({ type: 'rehearsed', token: m.token, decisions: rehearse(svc, m.frames) });
    }
  });
  post({ type: 'ready' });
}
