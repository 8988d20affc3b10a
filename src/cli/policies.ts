// `milklab policies`: lists the built-in services (replacement, readahead, allocation), one line each.

import { BUILTIN_SERVICES, isTraceOnly } from '../services/builtin/index.js';

/** Prints name, kind and description of every built-in service; trace-only ones are marked. */
export function policiesCommand(out: (line: string) => void): number {
  for (const s of BUILTIN_SERVICES) {
    out(`${s.name.padEnd(11)} ${s.kind.padEnd(12)} ${s.description}${isTraceOnly(s) ? ' (trace only)' : ''}`);
  }
  return 0;
}
