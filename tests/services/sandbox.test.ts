// The sandbox's Bits (sandbox.ts): a sandboxed policy sees exactly what makeBits shows — the
// listed frames' bits, false/false/-1 for any other value — whether the view came from the
// kernel's arrays (the fast, frame-indexed copy) or is any other Bits object; and nothing in it
// leads back to milklab's realm.
import { describe, expect, it } from 'vitest';
import { makeBits, type BitsData } from '../../src/services/host.js';
import { SERVICE_GLOBAL } from '../../src/services/loader.js';
import type { Bits, ReplacementPolicy } from '../../src/services/protocol.js';
import { evaluateService } from '../../src/services/sandbox.js';
import { bundleSource, policySource } from './isolation/bundle.js';

/** A policy whose chooseVictim reports what it saw for each probe, in `clear` (as numbers). */
async function probe(): Promise<ReplacementPolicy<unknown>> {
  const { code, file } = await bundleSource(policySource(`
    init: () => ({}),
    chooseVictim(_s, b) {
      const probes: unknown[] = [0, 3, 5, 7, 9, 64, -1, 3.5, '3', NaN, 1e30];
      const out: number[] = [b.frames.length, b.now];
      for (const f of probes) out.push(b.referenced(f as number) ? 1 : 0, b.dirty(f as number) ? 1 : 0, b.vpn(f as number));
      return { victim: b.frames[0]!, clear: out };
    },
  `));
  const ev = evaluateService(code, file, SERVICE_GLOBAL);
  if (!ev.ok || ev.service.kind !== 'replacement') throw new Error('not a policy');
  return ev.service;
}

const data = (): BitsData => {
  const referenced = new Uint8Array(16), dirty = new Uint8Array(16), vpn = new Int32Array(16).fill(-1);
  referenced[3] = 1; dirty[5] = 1; referenced[9] = 1; dirty[9] = 1;
  vpn[3] = 0x403; vpn[5] = 0x405; vpn[9] = 0x409; vpn[7] = 0x407; referenced[7] = 1; // 7 is not listed: invisible
  return { frames: [3, 5, 9], referenced, dirty, vpn, now: 1234 };
};

// [frames, now] then (referenced, dirty, vpn) for 0, 3, 5, 7, 9, 64, -1, 3.5, '3', NaN, 1e30
const EXPECTED = [3, 1234, 0, 0, -1, 1, 0, 0x403, 0, 1, 0x405, 0, 0, -1, 1, 1, 0x409, 0, 0, -1, 0, 0, -1, 0, 0, -1, 0, 0, -1, 0, 0, -1, 0, 0, -1];

describe('the Bits a sandboxed policy sees', () => {
  it('over the kernel arrays (makeBits): the listed frames only', async () => {
    const p = await probe();
    expect(p.chooseVictim(p.init({ frames: 3 }), makeBits(data()))).toEqual({ victim: 3, clear: EXPECTED });
  });

  it('over any other Bits object: the same answers', async () => {
    const p = await probe();
    const v = makeBits(data());
    const plain: Bits = { frames: v.frames, now: v.now, referenced: (f) => v.referenced(f), dirty: (f) => v.dirty(f), vpn: (f) => v.vpn(f) };
    expect(p.chooseVictim(p.init({ frames: 3 }), plain)).toEqual({ victim: 3, clear: EXPECTED });
  });

  it('a Bits kept past its call answers nothing (a later view replaces it), the new one answers', async () => {
    const { code, file } = await bundleSource(policySource(`
      init: () => ({ old: undefined as Bits | undefined }),
      chooseVictim(s, b) {
        const old = s.old;
        s.old = b;
        return { victim: b.frames[0]!, clear: old ? [old.referenced(3) ? 1 : 0, old.vpn(3), b.referenced(3) ? 1 : 0, b.vpn(3)] : [] };
      },
    `).replace("import { definePolicy } from 'milklab';", "import { definePolicy, type Bits } from 'milklab';"));
    const ev = evaluateService(code, file, SERVICE_GLOBAL);
    if (!ev.ok || ev.service.kind !== 'replacement') throw new Error('not a policy');
    const st = ev.service.init({ frames: 3 });
    expect(ev.service.chooseVictim(st, makeBits(data()))).toEqual({ victim: 3, clear: [] });
    expect(ev.service.chooseVictim(st, makeBits(data()))).toEqual({ victim: 3, clear: [0, -1, 1, 0x403] });
  });

  it('frames is a frozen sandbox array: no way to write it, none back to the host realm', async () => {
    const { code, file } = await bundleSource(policySource(`
      init: () => ({}),
      chooseVictim(_s, b) {
        let wrote = 0, escaped = 0;
        try { (b.frames as number[])[0] = 99; } catch { /* strict mode throws */ }
        wrote = b.frames[0] === 99 ? 1 : 0;
        try { (b.frames as unknown as { constructor: { constructor: (s: string) => () => unknown } }).constructor.constructor('return process')(); } catch { escaped = 1; }
        try { (b.referenced as unknown as { constructor: (s: string) => () => unknown }).constructor('return process')(); } catch { escaped += 1; }
        return { victim: b.frames[0]!, clear: [wrote, escaped] };
      },
    `));
    const ev = evaluateService(code, file, SERVICE_GLOBAL);
    if (!ev.ok || ev.service.kind !== 'replacement') throw new Error('not a policy');
    const d = data();
    expect(ev.service.chooseVictim(ev.service.init({ frames: 3 }), makeBits(d))).toEqual({ victim: 3, clear: [0, 2] });
    expect(d.frames).toEqual([3, 5, 9]);
  });
});
