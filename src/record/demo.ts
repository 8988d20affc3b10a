// Playing a demo scenario: a session with the scenario's workloads and policy, driven to each
// step's exact instruction count, where the caption changes and swaps happen (versions loaded
// and self-tested before the demo starts, so nothing waits mid-demo). Same scenario, same run.

import { readFileSync } from 'node:fs';
import { checkFits, parseElf } from '../machine/hw/elf.js';
import { Session, type SessionEvent } from '../session/session.js';
import { loadVersion } from '../session/versions.js';
import type { VersionHost } from '../services/live/version.js';
import { findWorkload } from '../workloads/registry.js';
import type { ScenarioSpec, ScenarioStep } from './scenario.js';

export interface Demo {
  session: Session;
  /** The caption of the last step reached. */
  caption(): string;
  /** Runs the scenario to its end; `pace` (instructions per second) slows it for viewers. */
  play(opts?: { pace?: number; onStep?: (s: ScenarioStep) => void }): Promise<void>;
  stop(): void;
}

export type DemoResult = { ok: true; demo: Demo } | { ok: false; message: string };

/** Builds the session and preloads every swap of `sc`. Contract: one-line failures, nothing left running. */
export async function prepareDemo(sc: ScenarioSpec, onEvent?: (e: SessionEvent) => void): Promise<DemoResult> {
  const programs = [];
  for (const w of sc.workloads) {
    const info = findWorkload(w.name);
    if (!info) return { ok: false, message: `${sc.file}: unknown workload '${w.name}' (see 'milklab workloads')` };
    const img = parseElf(new Uint8Array(readFileSync(info.file)));
    if (!img.ok) return { ok: false, message: `${info.file}: corrupt built-in workload` };
    const fits = checkFits(img.value, 0x1000, 0xbf00_0000 - 0x1000);
    if (!fits.ok) return { ok: false, message: `${info.file}: corrupt built-in workload` };
    programs.push({ name: w.name, image: fits.value, argv: [w.name, ...w.args] });
  }
  const c = await Session.create({ frames: sc.frames, seed: sc.seed, policy: sc.policy, programs, ...(onEvent ? { onEvent } : {}) });
  if (!c.ok) return { ok: false, message: `${sc.file}: ${c.message}` };
  const session = c.session;
  const hosts = new Map<number, VersionHost>();
  for (let i = 0; i < sc.steps.length; i++) {
    const spec = sc.steps[i]!.swap;
    if (!spec) continue;
    const v = await loadVersion(spec, 'replacement', { frames: sc.frames });
    if (!v.ok) { session.close(); return { ok: false, message: `${sc.file}: steps.${i}.swap: ${v.message}` }; }
    hosts.set(i, v.host);
  }
  let caption = '';
  let stopped = false;
  const cpu = session.kernel.machine.cpu;
  const demo: Demo = {
    session,
    caption: () => caption,
    stop: () => { stopped = true; },
    async play(opts = {}) {
      const t0 = performance.now();
      for (let i = 0; i < sc.steps.length && !stopped; i++) {
        const step = sc.steps[i]!;
        while (cpu.instret < step.at && !stopped) {
          let n = Math.min(step.at - cpu.instret, 200_000);
          if (opts.pace) {
            const due = ((performance.now() - t0) / 1000) * opts.pace - cpu.instret;
            if (due < 1) { await new Promise((r) => setTimeout(r, 5)); continue; }
            n = Math.min(n, Math.ceil(due));
          }
          if (session.runSync(n, step.at) === 'idle') { stopped = true; break; }
          if (opts.pace) await new Promise((r) => setImmediate(r));
        }
        if (stopped && cpu.instret < step.at) break;
        if (step.caption !== undefined) caption = step.caption;
        const host = hosts.get(i);
        if (host) session.slots.get('replacement')!.swap(host, step.swap!);
        opts.onStep?.(step);
        if (step.end) break;
      }
    },
  };
  return { ok: true, demo };
}
