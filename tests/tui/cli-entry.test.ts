// A bare `milklab` (npm start) opens the UI on a terminal; without one (CI, a pipe) it runs the
// headless default, says the UI needs a terminal, and succeeds — `npm start` in CI must not fail.
import { describe, expect, it } from 'vitest';
import { milklab } from '../helpers/cli.js';

describe('bare milklab without a terminal', () => {
  it('prints the headless figures and one line about the UI, status 0', () => {
    const r = milklab([]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("milklab: running workload 'sieve'");
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe("(the terminal UI needs a terminal: run 'milklab' in one to open it)");
  });
});
