#!/usr/bin/env node
// Entry point installed as `milklab`: runs the bundled CLI built by scripts/build.mjs.
import '../dist/milklab.mjs';
