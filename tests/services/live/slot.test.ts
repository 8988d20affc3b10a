// A service slot (slot.ts) with real versions: staging an isolated version that is rebuilt from
// the kernel's truth (its worker catches up beside the running machine; the switch carries almost
// nothing), a staged version that fails while catching up, versions that need no staging, and
// retired versions stopped when the next load starts rather than next to the swap.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { BUILTIN_SERVICES } from '../../../src/services/builtin/index.js';
import type { BitsData } from '../../../src/machine/kernel/ports.js';
import type { LiveEvent } from '../../../src/services/live/events.js';
import { IsolatedVersion } from '../../../src/services/live/isolated-version.js';
import { ServiceSlot, type SlotContext } from '../../../src/services/live/slot.js';
import { InProcessVersion } from '../../../src/services/live/version.js';
import type { PageInfo } from '../../../src/services/protocol.js';
import { FIFO, startService, stopAll } from '../isolation/bundle.js';

afterAll(stopAll);

const PID = 1;
const FIFO_NO_MIGRATE = FIFO.replace(/\n\s*migrate\(.*\n/, '\n');

/** The kernel's side of a slot: resident pages in map order, a clock, the events. */
function kernel() {
  const resident: PageInfo[] = [];
  const events: LiveEvent[] = [];
  let now = 0;
  const ctx: SlotContext = {
    instructions: () => now,
    livePids: () => [PID],
    residentPages: () => resident.slice(),
    framesFor: () => 4096,
    emit: (e) => events.push(e),
  };
  return { ctx, resident, events, tick: (n: number) => { now += n; } };
}

const bits = (resident: PageInfo[]): BitsData => {
  const n = 4096, referenced = new Uint8Array(n), dirty = new Uint8Array(n), vpn = new Int32Array(n).fill(-1), stamp = new Int32Array(n);
  for (const p of resident) { vpn[p.frame] = p.vpn; stamp[p.frame] = 1; }
  return { frames: resident.map((p) => p.frame), referenced, dirty, vpn, now: 0, stamp, epoch: 1 };
};

const builtin = (name: string) => new InProcessVersion(BUILTIN_SERVICES.find((s) => s.name === name)!, 4096);

async function isolated(source: string): Promise<IsolatedVersion> {
  return new IsolatedVersion(await startService(source), 4096);
}

describe('staging an isolated version rebuilt from the kernel’s truth', () => {
  it('catches up beside the machine: pages mapped and unmapped meanwhile reach it, the switch replays nothing', async () => {
    const k = kernel();
    const slot = new ServiceSlot('replacement', 'replacement', builtin('fifo'), 'fifo', k.ctx);
    const port = slot.replacementPort(PID);
    let vpn = 0x400;
    const map = (frame: number): void => { const p = { frame, vpn: vpn++, pid: PID }; k.resident.push(p); port.map(p); };
    const unmap = (frame: number): void => { const i = k.resident.findIndex((p) => p.frame === frame); const [p] = k.resident.splice(i, 1); port.unmap(p!); };
    for (let f = 0; f < 1500; f++) map(f); // more than one background batch
    const v = await isolated(FIFO_NO_MIGRATE);
    const staging = slot.stage(v, 'fifo.ts');
    // the machine keeps running while the worker catches up
    for (let f = 0; f < 20; f++) unmap(f * 3);
    for (let f = 1500; f < 1530; f++) map(f);
    expect(await staging).toEqual({ ok: true });
    for (let f = 1530; f < 1540; f++) map(f); // after catching up, before the switch
    const r = slot.swap(v, 'fifo.ts');
    expect(r).toMatchObject({ ok: true, version: 2 });
    const swap = k.events.find((e) => e.type === 'swap');
    expect(swap).toMatchObject({ type: 'swap', fromVersion: 1, toVersion: 2, migrated: 'rebuilt' });
    // FIFO rebuilt from the truth: its oldest page is the kernel's oldest resident page
    for (let i = 0; i < 50; i++) {
      const d = port.victim(bits(k.resident));
      expect(d.ok && d.value.victim).toBe(k.resident[0]!.frame);
      unmap(k.resident[0]!.frame);
      map(5000 + i);
    }
    expect(slot.info()).toMatchObject({ version: 2, isolated: true, status: 'probation', standby: { version: 1 } });
    slot.close();
  });

  it('a version whose onMap throws while catching up is refused; the running one keeps serving', async () => {
    const k = kernel();
    const slot = new ServiceSlot('replacement', 'replacement', builtin('fifo'), 'fifo', k.ctx);
    const port = slot.replacementPort(PID);
    for (let f = 0; f < 600; f++) { const p = { frame: f, vpn: f, pid: PID }; k.resident.push(p); port.map(p); }
    const v = await isolated(FIFO_NO_MIGRATE.replace('onMap(s, p) {', "onMap(s, p) { if (p.vpn === 444) throw new Error('bad page');"));
    const r = await slot.stage(v, 'bad.ts');
    expect(r).toMatchObject({ ok: false, reason: expect.stringMatching(/onMap failed while rebuilding state: threw: .*bad page/) });
    expect(k.events).toContainEqual(expect.objectContaining({ type: 'rejected', file: 'bad.ts' }));
    expect(v.dead).toBe(true);
    expect(slot.info()).toMatchObject({ version: 1, name: 'fifo', status: 'serving' });
    const d = port.victim(bits(k.resident));
    expect(d.ok && d.value.victim).toBe(0);
    slot.close();
  });

  it('versions with migrate, and in-process versions, need no staging: the swap carries the state', async () => {
    const k = kernel();
    const first = await isolated(FIFO);
    const slot = new ServiceSlot('replacement', 'replacement', first, 'a.ts', k.ctx);
    const port = slot.replacementPort(PID);
    for (let f = 0; f < 10; f++) { const p = { frame: f, vpn: f, pid: PID }; k.resident.push(p); port.map(p); }
    const next = await isolated(FIFO);
    expect(await slot.stage(next, 'b.ts')).toEqual({ ok: true });
    expect(slot.swap(next, 'b.ts')).toMatchObject({ ok: true, version: 2 });
    expect(k.events.at(-1)).toMatchObject({ type: 'swap', migrated: 'migrate' });
    const inproc = builtin('clock');
    expect(await slot.stage(inproc, 'clock')).toEqual({ ok: true });
    expect(slot.swap(inproc, 'clock')).toMatchObject({ ok: true, version: 3 });
    expect(k.events.at(-1)).toMatchObject({ type: 'swap', migrated: 'rebuilt' });
    slot.close();
  });
});

describe('the decision hint', () => {
  it('wakes the current version’s worker when the kernel says a decision is coming, if it is the only worker', async () => {
    const k = kernel();
    const v = await isolated(FIFO);
    const slot = new ServiceSlot('replacement', 'replacement', v, 'a.ts', k.ctx);
    const port = slot.replacementPort(PID);
    const wake = vi.spyOn(v, 'wake');
    port.coming!();
    expect(wake).toHaveBeenCalledTimes(1);
    const inproc = new ServiceSlot('replacement', 'replacement', builtin('fifo'), 'fifo', k.ctx).replacementPort(PID);
    expect(() => inproc.coming!()).not.toThrow(); // in-process versions have nothing to wake
    // with a second worker alive (the isolated standby after a swap) the hint is not passed on
    const next = await isolated(FIFO);
    expect(slot.swap(next, 'b.ts')).toMatchObject({ ok: true });
    const wakeNext = vi.spyOn(next, 'wake');
    port.coming!();
    expect(wakeNext).not.toHaveBeenCalled();
    slot.close();
  });
});

describe('retired versions', () => {
  it('are stopped when the next load starts (releaseRetired), not at the swap; at most two wait', async () => {
    const k = kernel();
    const v1 = await isolated(FIFO), v2 = await isolated(FIFO), v3 = await isolated(FIFO), v4 = await isolated(FIFO), v5 = await isolated(FIFO);
    const slot = new ServiceSlot('replacement', 'replacement', v1, 'v1', k.ctx);
    slot.replacementPort(PID);
    slot.swap(v2, 'v2'); // v1 becomes the standby
    slot.swap(v3, 'v3'); // v1 retired, still running
    expect(v1.dead).toBe(false);
    slot.releaseRetired();
    expect(v1.dead).toBe(true);
    slot.swap(v4, 'v4'); // v2 retired
    slot.swap(v5, 'v5'); // v3 retired: two wait
    expect([v2.dead, v3.dead]).toEqual([false, false]);
    const v6 = await isolated(FIFO);
    slot.swap(v6, 'v6'); // v4 retired: the oldest (v2) is stopped
    expect([v2.dead, v3.dead, v4.dead]).toEqual([true, false, false]);
    slot.close();
    expect([v3.dead, v4.dead, v5.dead, v6.dead]).toEqual([true, true, true, true]);
  });
});
