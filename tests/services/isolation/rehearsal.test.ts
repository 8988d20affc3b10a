// The rehearsal (rehearsal.ts): a canned workload at the machine's size through the worker's
// request path — it makes the decisions it may, scans every 16th when the policy scans, stops at
// its limits or at the service's first failure or illegal answer, and never throws.
import { describe, expect, it } from 'vitest';
import { rehearse } from '../../../src/services/isolation/rehearsal.js';
import { SERVICE_GLOBAL } from '../../../src/services/loader.js';
import type { Service } from '../../../src/services/protocol.js';
import { evaluateService } from '../../../src/services/sandbox.js';
import { FIFO, bundleSource, policySource } from './bundle.js';

async function service(source: string): Promise<Service> {
  const { code, file } = await bundleSource(source);
  const ev = evaluateService(code, file, SERVICE_GLOBAL);
  if (!ev.ok) throw new Error(ev.message);
  return ev.service;
}

const UNLIMITED = { decisions: 100, ms: 60_000 };

describe('rehearse', () => {
  it('makes the decisions asked for with a FIFO on 64 resident pages', async () => {
    expect(rehearse(await service(FIFO), 64, UNLIMITED)).toBe(100);
  });

  it('feeds the policy what the kernel would: every victim is resident, every frame refilled', async () => {
    // throws on any notification or bits inconsistent with the kernel's rules
    const strict = await service(policySource(`
      init: (c) => ({ resident: new Set<number>(), frames: c.frames }),
      onMap(s, p) { if (s.resident.has(p.frame)) throw new Error('double map ' + p.frame); s.resident.add(p.frame); },
      onUnmap(s, p) { if (!s.resident.delete(p.frame)) throw new Error('unmap of a free frame ' + p.frame); },
      chooseVictim(s, b) {
        if (b.frames.length !== s.resident.size || b.frames.some((f) => !s.resident.has(f))) throw new Error('bits disagree with the maps');
        if (b.vpn(b.frames[0]!) < 0) throw new Error('no vpn');
        return b.frames[(b.now / 1000) % b.frames.length]!;
      },
    `));
    expect(rehearse(strict, 32, UNLIMITED)).toBe(100);
  });

  it('scans every 16th decision when the policy scans', async () => {
    const scanning = await service(policySource(`
      init: () => ({ scans: 0 }),
      onScan(s) { if (++s.scans === 2) throw new Error('second scan'); },
      chooseVictim(s, b) { return b.frames[0]!; },
    `));
    expect(rehearse(scanning, 16, UNLIMITED)).toBe(31); // the second scan comes before decision 32
  });

  it('stops at the first throw or illegal answer, without throwing', async () => {
    const thrower = await service(policySource(`init: () => ({ n: 0 }), chooseVictim(s, b) { if (++s.n > 5) throw new Error('x'); return b.frames[0]!; },`));
    expect(rehearse(thrower, 16, UNLIMITED)).toBe(5);
    const illegal = await service(policySource(`init: () => ({ n: 0 }), chooseVictim(s, b) { return ++s.n > 3 ? 1_000_000 : b.frames[0]!; },`));
    expect(rehearse(illegal, 16, UNLIMITED)).toBe(3);
    const badInit = await service(policySource(`init: () => { throw new Error('no'); }, chooseVictim(s, b) { return b.frames[0]!; },`));
    expect(rehearse(badInit, 16, UNLIMITED)).toBe(0);
  });

  it('respects its limits and rehearses only replacement policies', async () => {
    const fifo = await service(FIFO);
    expect(rehearse(fifo, 16, { decisions: 7, ms: 60_000 })).toBe(7);
    expect(rehearse(fifo, 16, { decisions: 1000, ms: 0 })).toBe(0);
    expect(rehearse(fifo, 0, UNLIMITED)).toBe(0);
    const ra = await service(`import { defineReadahead } from 'milklab';\nexport default defineReadahead({ name: 'r', description: 'x', init: () => 0, onFault: () => [] });\n`);
    expect(rehearse(ra, 16, UNLIMITED)).toBe(0);
  });
});
