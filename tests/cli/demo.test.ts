// demoCommand headless, in-process, on small scenarios: title, one line per step reached and each
// swap before its step; same output every time; an `end` step or the programs' end stops it; bad
// input (usage, scenario file, --pace, --record without a terminal) is one CliFailure line.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { demoCommand } from '../../src/cli/demo.js';
import { CliFailure } from '../../src/cli/errors.js';
import { Session } from '../../src/session/session.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'milklab-demo-cli-'));
let n = 0;
function scenario(obj: unknown): string {
  const f = path.join(dir, `s${n++}.json`);
  writeFileSync(f, typeof obj === 'string' ? obj : JSON.stringify(obj));
  return f;
}
const SMALL = {
  title: 'tiny demo', frames: 32, seed: 1, workloads: [{ name: 'loop', args: ['48', '200'] }], policy: 'fifo',
  steps: [
    { at: 0, caption: 'start' },
    { at: 500000, swap: 'clock', caption: 'now clock' },
    { at: 1000000, swap: 's3fifo' },
    { at: 1500000, end: true, caption: 'the end' },
    { at: 2000000, caption: 'never shown' },
  ],
};

async function demo(args: string[]): Promise<{ status: number; out: string[] }> {
  const out: string[] = [];
  const status = await demoCommand(args, (l) => out.push(l));
  return { status, out };
}
async function failure(args: string[]): Promise<CliFailure> {
  try {
    await demo(args);
  } catch (e) {
    if (e instanceof CliFailure) return e;
    throw e;
  }
  throw new Error('expected a CliFailure');
}
/** Swap pauses are wall time: blank them out for comparisons. */
const noPause = (lines: string[]): string[] => lines.map((l) => l.replace(/pause \d+ us/, 'pause N us'));

describe('demoCommand --headless', () => {
  it('prints the title, each step at its instruction count, and each swap before its step', async () => {
    const r = await demo([scenario(SMALL), '--headless']);
    expect(r.status).toBe(0);
    expect(noPause(r.out).map((l) => l.replace(/\(faults \d+, rate \d+\/M\)$/, '(…)'))).toEqual([
      'tiny demo',
      '[          0] start  (…)',
      '  swap v1 -> v2 (clock) at 500000, pause N us',
      '[     500000] now clock  (…)',
      '  swap v2 -> v3 (s3fifo) at 1000000, pause N us',
      '[    1000000]   (…)', // a step without a caption of its own
      '[    1500000] the end  (…)',
    ]);
  });

  it('reports faults that only grow, step after step', async () => {
    const r = await demo([scenario(SMALL), '--headless']);
    const faults = r.out.filter((l) => l.startsWith('[')).map((l) => Number(/faults (\d+),/.exec(l)![1]));
    expect(faults).toHaveLength(4);
    for (let i = 1; i < faults.length; i++) expect(faults[i]!).toBeGreaterThan(faults[i - 1]!);
  });

  it('is deterministic: the same scenario prints the same lines (swap pauses aside)', async () => {
    const f = scenario(SMALL);
    const a = await demo([f, '--headless']);
    const b = await demo([f, '--headless']);
    expect(noPause(b.out)).toEqual(noPause(a.out));
  });

  it('stops when the programs end: later steps are not shown', async () => {
    const f = scenario({ ...SMALL, workloads: [{ name: 'loop', args: ['16', '4'] }], steps: [{ at: 0, caption: 'go' }, { at: 50_000_000, caption: 'too late' }] });
    const r = await demo([f, '--headless']);
    expect(r.status).toBe(0);
    expect(r.out.map((l) => l.replace(/ {2}\(.*$/, ''))).toEqual(['tiny demo', '[          0] go']);
  });
});

describe('demoCommand: bad input is one line', () => {
  it('two scenario files is a usage error', async () => {
    const e = await failure(['a.json', 'b.json', '--headless']);
    expect(e.error).toEqual({ kind: 'usage', message: 'demo: usage: milklab demo [scenario.json] [--record FILE.cast] [--pace INSTRUCTIONS_PER_SECOND]' });
  });

  it('an unknown option is a usage error naming it', async () => {
    expect((await failure(['--fast'])).error).toEqual({ kind: 'usage', message: "demo: unknown option '--fast'" });
  });

  it('a missing scenario names the file', async () => {
    const f = path.join(dir, 'nope.json');
    expect((await failure([f, '--headless'])).error).toEqual({ kind: 'bad-input', message: `${f}: no such file` });
  });

  it('a malformed scenario names the file and the field', async () => {
    const f = scenario({ ...SMALL, frames: 0 });
    const e = await failure([f, '--headless']);
    expect(e.error.kind).toBe('bad-input');
    expect(e.error.message).toMatch(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: frames: `));
    expect(e.error.message).not.toContain('\n');
  });

  it('an unknown workload or swap target names the file', async () => {
    const w = scenario({ ...SMALL, workloads: [{ name: 'nosuch' }] });
    expect((await failure([w, '--headless'])).error).toEqual({ kind: 'bad-input', message: `${w}: unknown workload 'nosuch' (see 'milklab workloads')` });
    const s = scenario({ ...SMALL, steps: [{ at: 0 }, { at: 10, swap: 'lfu' }] });
    const e = await failure([s, '--headless']);
    expect(e.error.message).toMatch(new RegExp(`^${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: steps\\.1\\.swap: .*lfu`));
    expect(e.error.message).not.toContain('\n');
  });

  it('a pace that is not a positive integer is a usage error', async () => {
    const f = scenario(SMALL);
    expect((await failure([f, '--headless', '--pace', '0'])).error).toEqual({ kind: 'usage', message: "--pace needs an integer >= 1, got '0'" });
    expect((await failure([f, '--headless', '--pace', 'fast'])).error.message).toBe("--pace needs an integer >= 1, got 'fast'");
  });

  it('--record without a terminal is a usage error, found before anything starts', async () => {
    const f = scenario(SMALL);
    expect((await failure([f, '--headless', '--record', path.join(dir, 'x.cast')])).error).toEqual({ kind: 'usage', message: 'demo: --record needs a terminal (the recording is of the UI)' });
    // the shipped scenario swaps to a service file: nothing may be started (a worker would keep the process alive)
    const create = vi.spyOn(Session, 'create');
    expect((await failure(['--headless', '--record', path.join(dir, 'y.cast')])).error.kind).toBe('usage');
    expect(create).not.toHaveBeenCalled();
    create.mockRestore();
  });
});
