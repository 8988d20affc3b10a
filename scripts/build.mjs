// Bundles the CLI (and the benchmark) with esbuild into dist/, so `milklab` starts fast
// and runs without a TypeScript loader. Run by `npm install` (prepare) and `npm run build`.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

await build({
  entryPoints: {
    milklab: path.join(root, 'src/cli/main.ts'),
    bench: path.join(root, 'bench/main.ts'),
    'service-worker': path.join(root, 'src/services/isolation/worker.ts'),
    'typecheck-worker': path.join(root, 'src/services/typecheck-worker.ts'),
    'session-worker': path.join(root, 'src/session/session-worker.ts'),
  },
  outdir: path.join(root, 'dist'),
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  packages: 'external',
  jsx: 'automatic', // the UI's .tsx (Ink + React 19)
  // The UI (and Ink, React) is imported dynamically by a bare `milklab`: a chunk of its own, so
  // the other commands do not load it.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
