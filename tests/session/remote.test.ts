// A Session on a thread of its own (remote.ts + session-worker.ts), driven from this thread: it
// starts, runs, answers commands with promises, sends snapshots and every event, refuses a bad
// service in one line, and after close() answers nothing more.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseElf } from '../../src/machine/hw/elf.js';
import { RemoteSession } from '../../src/session/remote.js';
import type { SessionEvent } from '../../src/session/session.js';
import { findWorkload } from '../../src/workloads/registry.js';

function program(name: string, argv: string[]) {
  const img = parseElf(new Uint8Array(readFileSync(findWorkload(name)!.file)));
  if (!img.ok) throw new Error(name);
  return { name, image: img.value, argv };
}

const open: RemoteSession[] = [];
afterEach(() => { for (const s of open.splice(0)) s.close(); });

async function remote(): Promise<RemoteSession> {
  const c = await RemoteSession.create({ frames: 32, seed: 1, policy: 'fifo', programs: [program('loop', ['loop', '48', '100000000'])] });
  if (!c.ok) throw new Error(c.message);
  open.push(c.session);
  return c.session;
}

describe('RemoteSession', () => {
  it('runs the machine on its thread: snapshots arrive here, stop() ends start()', async () => {
    const s = await remote();
    expect(s.snapshot().processes.map((p) => p.name)).toEqual(['loop']);
    const running = s.start();
    await vi.waitFor(() => expect(s.snapshot().instructions).toBeGreaterThan(1_000_000), { timeout: 20_000, interval: 20 });
    expect(s.snapshot().faults.major).toBeGreaterThan(0);
    s.stop();
    await running;
  });

  it('answers commands: a built-in policy swaps in, processes are added and killed, the balloon moves', async () => {
    const s = await remote();
    const events: SessionEvent[] = [];
    s.onEvent((e) => events.push(e));
    const running = s.start();
    expect(await s.load('replacement', 'clock')).toEqual({ ok: true });
    await vi.waitFor(() => expect(events.some((e) => e.type === 'swap' && e.name === 'clock')).toBe(true), { timeout: 20_000, interval: 20 });
    const added = await s.addProcess(program('sieve', ['sieve', '1000']));
    expect(added).toMatchObject({ ok: true, pid: 2 });
    expect(await s.killProcess(1)).toBe(true);
    expect(await s.killProcess(99)).toBe(false);
    expect(await s.setFrames(16)).toBe(16);
    await vi.waitFor(() => expect(s.snapshot().frames.ballooned).toBe(16), { timeout: 20_000, interval: 20 });
    expect(await s.load('replacement', 'no-such-policy')).toMatchObject({ ok: false, message: expect.stringMatching(/no-such-policy/) });
    s.pause();
    expect(s.isPaused).toBe(true);
    await vi.waitFor(() => expect(s.snapshot().paused).toBe(true), { timeout: 20_000, interval: 20 });
    s.resume();
    expect(s.isPaused).toBe(false);
    s.stop();
    await running;
    expect(events.some((e) => e.type === 'kill' && e.pid === 1 && e.signal === 'SIGKILL')).toBe(true);
  });

  it('nothing piles up while this thread is blocked (as in $EDITOR): snapshots are pulled one at a time', async () => {
    const s = await remote();
    const running = s.start();
    await vi.waitFor(() => expect(s.snapshot().instructions).toBeGreaterThan(0), { timeout: 20_000, interval: 20 });
    let messages = 0;
    (s as unknown as { worker: import('node:worker_threads').Worker }).worker.on('message', () => { messages++; });
    const t0 = performance.now();
    while (performance.now() - t0 < 600); // this thread busy, as while $EDITOR runs: ten pull intervals
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(messages).toBeLessThanOrEqual(2); // at most the answer to the one pull in flight
    const before = s.snapshot().instructions;
    await vi.waitFor(() => expect(s.snapshot().instructions).toBeGreaterThan(before), { timeout: 20_000, interval: 20 }); // and pulls go on
    s.stop();
    await running;
  });

  it('a service that cannot be loaded is one line, and nothing is left running', async () => {
    const c = await RemoteSession.create({ frames: 32, seed: 1, policy: 'no-such-policy', programs: [program('loop', ['loop', '4', '1'])] });
    expect(c).toMatchObject({ ok: false, message: expect.stringMatching(/no-such-policy/) });
  });

  it('after close(), commands fail and start() does not run', async () => {
    const s = await remote();
    s.close();
    expect(await s.load('replacement', 'clock')).toMatchObject({ ok: false, message: 'the session was closed' });
    expect(await s.killProcess(1)).toBe(false);
    await expect(s.start()).rejects.toThrow('the session was closed');
  });
});
