// The registry of built-in services: the examples a learner starts from (and can eject), by name.

import type { Service } from '../protocol.js';
import aging from './aging.js';
import equal from './allocator-equal.js';
import pff from './allocator-pff.js';
import clock from './clock.js';
import fifo from './fifo.js';
import lru from './lru.js';
import opt from './opt.js';
import sequential from './readahead.js';
import s3fifo from './s3fifo.js';

/** Every built-in service: replacement policies first, then readahead, then allocators. */
export const BUILTIN_SERVICES: readonly Service[] = Object.freeze([fifo, clock, aging, s3fifo, lru, opt, sequential, pff, equal]);

/** Source file (relative to src/services/builtin) of each built-in, for `eject`. */
export const BUILTIN_FILES: Readonly<Record<string, string>> = Object.freeze({
  fifo: 'fifo.ts', clock: 'clock.ts', aging: 'aging.ts', s3fifo: 's3fifo.ts', lru: 'lru.ts', opt: 'opt.ts',
  sequential: 'readahead.ts', pff: 'allocator-pff.ts', equal: 'allocator-equal.ts',
});

/** The built-in service called `name`, or undefined. */
export function findBuiltin(name: string): Service | undefined {
  return BUILTIN_SERVICES.find((s) => s.name === name);
}

/** True when a service needs what only trace mode can give (every reference, or the future). */
export function isTraceOnly(s: Service): boolean {
  return s.kind === 'replacement' && (s.needs?.references === true || s.needs?.future === true);
}
