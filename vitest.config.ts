// vitest configuration: tests mirror src/, the CLI bundle is built once before e2e tests run.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Ink draws only a final frame when it believes it runs in CI (is-in-ci reads CI and
    // CONTINUOUS_INTEGRATION at import). bin/milklab.mjs neutralises both on a terminal; the tests
    // that drive startTui in-process do the same, so they see what a user on a terminal sees.
    env: { CI: '0', CONTINUOUS_INTEGRATION: '0' },
  },
});
