// `milklab workloads`: lists the built-in workloads, one line each.

import { listWorkloads } from '../workloads/registry.js';

/** Prints name, kind, default footprint and description of every built-in workload. */
export function workloadsCommand(out: (line: string) => void): number {
  for (const w of listWorkloads()) {
    out(`${w.name.padEnd(13)} ${w.kind.padEnd(8)} ~${String(Math.round((w.footprintPages * 4) / 1024)).padStart(3)} MiB  ${w.description}`);
  }
  return 0;
}
