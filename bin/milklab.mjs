#!/usr/bin/env node
// Entry point installed as `milklab`: runs the bundled CLI built by scripts/build.mjs.
// React (behind the terminal UI) loads its production build unless NODE_ENV asks otherwise, and
// Ink, which draws only a final frame when it believes it runs in CI (CI or
// CONTINUOUS_INTEGRATION set), draws live when
// stdout is a terminal — someone is watching. Both are read when those modules are first
// imported, hence the dynamic import after setting them.
process.env.NODE_ENV ??= 'production';
if (process.stdout.isTTY) {
  for (const key of ['CI', 'CONTINUOUS_INTEGRATION']) if (process.env[key] !== undefined) process.env[key] = '0';
}
await import('../dist/milklab.mjs');
