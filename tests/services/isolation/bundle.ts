// Test helper: compiles a service from TypeScript source text into the IIFE bundle a service
// worker takes, with loader.ts's bundling rules (its import plugin and global name).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { onlyMilklab, protocolFile, SERVICE_GLOBAL } from '../../../src/services/loader.js';
import type { BitsData } from '../../../src/services/host.js';
import { ServiceWorkerHost, type StartOptions } from '../../../src/services/isolation/isolated-host.js';

let dir = '';
let n = 0;

/** Bundles `source` (written to a temp file named `name`); returns { code, file }. Throws on compile errors. */
export async function bundleSource(source: string, name = `service${++n}.ts`): Promise<{ code: string; file: string }> {
  if (!dir) dir = mkdtempSync(path.join(os.tmpdir(), 'milklab-isolation-'));
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  writeFileSync(file, source);
  const r = await build({
    entryPoints: [file], bundle: true, write: false, format: 'iife', globalName: SERVICE_GLOBAL, platform: 'neutral', target: 'es2022',
    logLevel: 'silent', tsconfigRaw: {}, charset: 'utf8', plugins: [onlyMilklab(protocolFile())],
  });
  return { code: r.outputFiles[0]!.text, file };
}

/** A replacement-policy source: `body` is the object's members after name/description. */
export function policySource(body: string, state = 'any'): string {
  return `import { definePolicy } from 'milklab';\nexport default definePolicy<${state}>({ name: 'p', description: 'test policy', ${body} });\n`;
}

/** A FIFO written as a learner would (with optional exportState / migrate). */
export const FIFO = `import { definePolicy } from 'milklab';
interface S { queue: number[] }
export default definePolicy<S>({
  name: 'fifo-user', description: 'fifo',
  init: () => ({ queue: [] }),
  onMap(s, p) { s.queue.push(p.frame); },
  onUnmap(s, p) { const i = s.queue.indexOf(p.frame); if (i >= 0) s.queue.splice(i, 1); },
  chooseVictim(s, b) { return s.queue[0] ?? b.frames[0]!; },
  migrate(old, _v, _ctx) { return { queue: (old as S).queue.slice() }; },
});
`;

const started: ServiceWorkerHost[] = [];

/** Bundles `source` and starts it in a worker; throws when it does not start. Remembered for stopAll(). */
export async function startService(source: string, opts: StartOptions = {}): Promise<ServiceWorkerHost> {
  const { code, file } = await bundleSource(source);
  const r = await ServiceWorkerHost.start(code, file, { callBudgetMs: 5000, ...opts });
  if (!r.ok) throw new Error(`${r.error.kind}: ${r.error.message}`);
  started.push(r.host);
  return r.host;
}

/** Terminates every host startService started (for afterAll). */
export async function stopAll(): Promise<void> {
  await Promise.all(started.splice(0).map((h) => h.terminate()));
}

/** Bits over `frames` (map order) for frame numbers below `total`, vpn = 1000 + frame. */
export function bitsFor(frames: number[], referenced: number[] = [], total = 64): BitsData {
  const r = new Uint8Array(total), d = new Uint8Array(total), vpn = new Int32Array(total).fill(-1);
  for (const f of frames) vpn[f] = 1000 + f;
  for (const f of referenced) r[f] = 1;
  return { frames, referenced: r, dirty: d, vpn, now: 0 };
}
