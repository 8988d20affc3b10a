// Demo scenarios: validation with one-line errors, and a deterministic headless play.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareDemo } from '../../src/record/demo.js';
import { loadScenario } from '../../src/record/scenario.js';
import { milklab } from '../helpers/cli.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'milklab-demo-'));
function scenario(obj: unknown): string {
  const f = path.join(dir, `s${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(f, typeof obj === 'string' ? obj : JSON.stringify(obj));
  return f;
}
const small = {
  title: 'tiny', frames: 32, seed: 1, workloads: [{ name: 'loop', args: ['48', '200'] }], policy: 'fifo',
  steps: [{ at: 0, caption: 'start' }, { at: 500000, swap: 'clock', caption: 'clock' }, { at: 1000000, swap: 's3fifo' }, { at: 1500000, end: true, caption: 'end' }],
};

describe('demo scenarios', () => {
  it.each([
    ['{ not json', /not valid JSON/],
    [{ ...small, frames: 0 }, /frames: /],
    [{ ...small, steps: [{ at: 5 }, { at: 2 }] }, /steps\.1\.at: steps must be in increasing instruction order/],
    [{ ...small, bogus: 1 }, /bogus|Unrecognized/],
  ])('a malformed scenario is a one-line error naming the file (%#)', (obj, msg) => {
    const f = scenario(obj);
    const r = loadScenario(f);
    expect(r.ok).toBe(false);
    if (!r.ok) { expect(r.message.startsWith(f)).toBe(true); expect(r.message).toMatch(msg); expect(r.message).not.toContain('\n'); }
  });
  it('plays deterministically: swaps land at the step instruction counts, same counts twice', async () => {
    const runs: string[] = [];
    for (let i = 0; i < 2; i++) {
      const sc = loadScenario(scenario(small));
      if (!sc.ok) throw new Error(sc.message);
      const swaps: number[] = [];
      const d = await prepareDemo(sc.scenario, (e) => { if (e.type === 'swap') swaps.push(e.instructions); });
      if (!d.ok) throw new Error(d.message);
      const captions: string[] = [];
      await d.demo.play({ onStep: () => captions.push(d.demo.caption()) });
      const snap = d.demo.session.snapshot();
      runs.push(JSON.stringify({ swaps, captions, faults: snap.faults, instructions: snap.instructions }));
      expect(swaps).toEqual([500000, 1000000]);
      expect(captions).toEqual(['start', 'clock', 'clock', 'end']);
      d.demo.session.close();
    }
    expect(runs[1]).toBe(runs[0]);
  });
  it('milklab demo --headless plays the default scenario and prints captions and the rollback', () => {
    const r = milklab(['demo', '--headless']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/swap v1 -> v2 \(clock\) at 30000000/);
    expect(r.stdout).toMatch(/rollback v3 -> v2 at \d+: .*TypeError/);
    expect(r.stdout).toMatch(/swap v2 -> v4 \(s3fifo\) at 90000000/);
  }, 60_000);
  it('milklab demo with a missing scenario is one line, status 2', () => {
    const r = milklab(['demo', path.join(dir, 'nope.json')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/nope\.json: no such file/);
  });
});
