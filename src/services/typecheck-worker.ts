// The type checker's thread (bundled to dist/typecheck-worker.mjs, or on the fly by script.ts):
// holds one warm ServiceTypeChecker per service file and answers check requests posted by
// typecheck-client.ts. The TypeScript compiler and its parsed lib files live here, so neither a
// check (milliseconds to tens of milliseconds) nor its garbage ever pauses the machine's thread.

import { parentPort, workerData } from 'node:worker_threads';
import { setPackageRoot } from '../paths.js';
import { ServiceTypeChecker } from './typecheck.js';
import type { FromChecker, ToChecker } from './typecheck-messages.js';

if (parentPort) {
  const port = parentPort;
  const root = (workerData as { root?: unknown } | undefined)?.root;
  if (typeof root === 'string') setPackageRoot(root);
  const checkers = new Map<string, ServiceTypeChecker>();
  port.on('message', (m: ToChecker) => {
    if (m.type === 'release') {
      checkers.get(m.file)?.dispose();
      checkers.delete(m.file);
      return;
    }
    let out: FromChecker;
    try {
      let c = checkers.get(m.file);
      if (!c) checkers.set(m.file, (c = new ServiceTypeChecker(m.file)));
      out = { type: 'checked', id: m.id, ok: true, diagnostics: c.check(m.source) };
    } catch (e) {
      out = { type: 'checked', id: m.id, ok: false, message: e instanceof Error ? e.message : String(e) };
    }
    port.postMessage(out);
  });
}
