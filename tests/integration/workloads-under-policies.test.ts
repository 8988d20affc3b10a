// Nothing is lost under any policy: every workload runs on the kernel with ample memory and with
// 16 frames (heavy swapping) under every built-in policy that runs on the machine, and prints
// exactly what qemu-riscv32 printed (workloads/expected, checked live in tests/machine/flat.test.ts).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseElf } from '../../src/machine/hw/elf.js';
import { Kernel } from '../../src/machine/kernel/kernel.js';
import { BUILTIN_SERVICES } from '../../src/services/builtin/index.js';
import type { ReplacementPolicy } from '../../src/services/protocol.js';
import { makePorts } from '../../src/session/ports.js';
import { listWorkloads } from '../../src/workloads/registry.js';
import { ROOT } from '../helpers/cli.js';

const policies = BUILTIN_SERVICES.filter((s): s is ReplacementPolicy<any> => s.kind === 'replacement' && !s.needs?.references && !s.needs?.future);

function run(file: string, argv: string[], policy: ReplacementPolicy<any>, frames: number) {
  const img = parseElf(new Uint8Array(readFileSync(file)));
  if (!img.ok) throw new Error('bad elf');
  let out = '';
  const dec = new TextDecoder();
  const events: string[] = [];
  const k = new Kernel({ frames, seed: 1, ports: makePorts(() => policy), onOutput: (_p, _fd, b) => { out += dec.decode(b); }, onEvent: (e) => events.push(e.type) });
  const s = k.spawn(img.value, argv, policy.name);
  if (!s.ok) throw new Error(s.message);
  while (k.run(50_000_000) !== 'idle');
  const p = k.procs[0]!;
  return { out, code: p.exitCode, stats: p.stats, events, cycles: k.now() };
}

describe('policies on the machine', () => {
  it('include FIFO, CLOCK, aging and the adaptive policy', () => {
    expect(policies.map((p) => p.name)).toEqual(expect.arrayContaining(['fifo', 'clock', 'aging', 's3fifo']));
  });
});

describe.each(listWorkloads().map((w) => [w.name, w] as const))('%s on the kernel', (name, w) => {
  const expected = readFileSync(path.join(ROOT, 'workloads/expected', `${name}.tiny.txt`), 'utf8');
  it.each(policies.map((p) => [p.name, p] as const))('under %s: same output with ample memory and with 16 frames', (_n, policy) => {
    const ample = run(w.file, [name, ...w.tinyArgs], policy, 4096);
    expect(ample.out).toBe(expected);
    expect(ample.code).toBe(0);
    expect(ample.stats.majorFaults).toBe(0);
    const tight = run(w.file, [name, ...w.tinyArgs], policy, 16);
    expect(tight.out).toBe(expected);
    expect(tight.code).toBe(0);
    expect(tight.events).not.toContain('fallback');
    expect(tight.stats.instructions).toBe(ample.stats.instructions);
  });
  it('is deterministic: same counts and cycles twice', () => {
    const a = run(w.file, [name, ...w.tinyArgs], policies[0]!, 16);
    const b = run(w.file, [name, ...w.tinyArgs], policies[0]!, 16);
    expect(b.stats).toEqual(a.stats);
    expect(b.cycles).toBe(a.cycles);
  });
});
