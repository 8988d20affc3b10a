// The real app in a real pseudo-terminal: tmux runs `milklab`, the test sends keys and reads the
// screen with capture-pane, waiting on screen content (never fixed sleeps). CI installs tmux.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';

const SOCK = `milklab-e2e-${process.pid}`;
const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', SOCK, ...args], { encoding: 'utf8' });
const screen = (): string => tmux('capture-pane', '-p', '-t', 'ui');

async function waitFor(what: string, pred: (s: string) => boolean, ms = 30_000): Promise<string> {
  const t0 = Date.now();
  let s = '';
  for (;;) {
    s = screen();
    if (pred(s)) return s;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}; screen:\n${s}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const work = mkdtempSync(path.join(os.tmpdir(), 'milklab-tui-'));
const cast = path.join(work, 'session.cast');
const status = path.join(work, 'status');

beforeAll(() => {
  for (const tool of ['tmux', 'asciinema']) {
    if (spawnSync(tool, ['--version']).status !== 0 && spawnSync(tool, ['-V']).status !== 0) {
      throw new Error(`${tool} is required for the UI end-to-end test (Debian: apt-get install tmux asciinema; .ci/run installs them)`);
    }
  }
  // CI set, as on a CI runner: on a terminal the UI still draws live (bin/milklab.mjs)
  tmux('new-session', '-d', '-s', 'ui', '-x', '100', '-y', '30', '-c', work,
    `env CI=true CONTINUOUS_INTEGRATION=true TERM=xterm-256color ${process.execPath} ${CLI} --record ${cast}; echo $? > ${status}`);
});
afterAll(() => { spawnSync('tmux', ['-L', SOCK, 'kill-server']); });

describe('milklab in a terminal (tmux)', () => {
  it('starts, names the watched file and shows the chart, the map, processes and services', async () => {
    const s = await waitFor('the dashboard', (t) => t.includes('Fault rate') && t.includes('Memory') && t.includes('Processes'));
    expect(s).toContain('milklab-work/policy.ts');
    expect(s).toMatch(/loop|zipf|seqscan/);
    await waitFor('the file version live', (t) => /replacement: fifo v2/.test(t));
  }, 60_000);

  it('switches policy from the picker: a live swap', async () => {
    tmux('send-keys', '-t', 'ui', 'p');
    await waitFor('the policy picker', (t) => /clock/.test(t) && /s3fifo/.test(t));
    const lines = (await waitFor('the picker cursor', (t) => t.split('\n').some((l) => /^\s*›/.test(l)))).split('\n');
    const at = lines.findIndex((l) => /^\s*›?\s*clock\b/.test(l));
    const cur = lines.findIndex((l) => /^\s*›/.test(l));
    for (let i = 0; i < Math.abs(at - cur); i++) tmux('send-keys', '-t', 'ui', at > cur ? 'Down' : 'Up');
    await waitFor('the cursor on clock', (t) => /^\s*›\s*clock\b/m.test(t));
    tmux('send-keys', '-t', 'ui', 'Enter');
    await waitFor('clock serving', (t) => /replacement: clock v3/.test(t));
  }, 60_000);

  it('hot-swaps when the watched file is saved: the version changes and the marker appears', async () => {
    const file = path.join(work, 'milklab-work', 'policy.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace('first in, first out', 'first in, first out (edited)'));
    await waitFor('version 4 from the file', (t) => /fifo v4/.test(t) && /▲v4|v4 fifo/.test(t));
  }, 60_000);

  it('shows a compile error with file:line:col and keeps running', async () => {
    const file = path.join(work, 'milklab-work', 'policy.ts');
    writeFileSync(file, readFileSync(file, 'utf8') + '\nthis is not typescript {{{\n');
    const s = await waitFor('the compile error', (t) => /policy\.ts:\d+:\d+/.test(t));
    expect(s).toMatch(/fifo v4/);
    const instr = (t: string): string => /(\d+(?:\.\d+)?[kM]?) instr\b/.exec(t)?.[1] ?? '';
    const before = instr(s);
    await waitFor('the machine still running', (t) => instr(t) !== before);
  }, 60_000);

  it('quits with status 0 on q, leaving a cast that replays', async () => {
    tmux('send-keys', '-t', 'ui', 'q');
    const t0 = Date.now();
    while (!existsSync(status) || readFileSync(status, 'utf8').trim() === '') {
      if (Date.now() - t0 > 20_000) throw new Error('milklab did not exit');
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(readFileSync(status, 'utf8').trim()).toBe('0');
    const lines = readFileSync(cast, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ version: 2, width: 100, height: 30 });
    expect(lines.filter((e) => e[1] === 'o').length).toBeGreaterThan(10);
    expect(lines.some((e) => e[1] === 'm' && /v3 clock/.test(e[2]))).toBe(true);
    for (const e of lines.slice(1)) if (e[1] === 'o') expect(e[2]).not.toMatch(/[^\r]\n/);
    // asciinema replays it (it wants a terminal of its own: run it in another tmux window)
    const out = path.join(work, 'replay.txt'), rc = path.join(work, 'replay.rc');
    tmux('new-session', '-d', '-s', 'replay', '-x', '100', '-y', '30', `asciinema cat ${cast} > ${out} 2>&1; echo $? > ${rc}`);
    const t1 = Date.now();
    while (!existsSync(rc) || readFileSync(rc, 'utf8').trim() === '') {
      if (Date.now() - t1 > 20_000) throw new Error('asciinema cat did not finish');
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(readFileSync(rc, 'utf8').trim()).toBe('0');
    expect(readFileSync(out, 'utf8')).toContain('Fault rate');
  }, 60_000);
});
