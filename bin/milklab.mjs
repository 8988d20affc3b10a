#!/usr/bin/env node
// Entry point installed as `milklab`: runs the bundled CLI built by scripts/build.mjs.
// React (behind the terminal UI) loads its production build unless NODE_ENV asks otherwise;
// it reads NODE_ENV when first imported, hence the dynamic import after setting it.
process.env.NODE_ENV ??= 'production';
await import('../dist/milklab.mjs');
