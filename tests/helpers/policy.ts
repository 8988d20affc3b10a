// Test helper: driving a service's functions directly, with hand-made Bits.
import type { Bits, PageInfo } from '../../src/services/protocol.js';

/** Bits over `frames` (map order) with the given referenced / dirty frames and vpn = 100 + frame. */
export function bitsOf(frames: number[], referenced: number[] = [], dirty: number[] = [], now = 0): Bits {
  return {
    frames, now,
    referenced: (f) => referenced.includes(f),
    dirty: (f) => dirty.includes(f),
    vpn: (f) => (frames.includes(f) ? 100 + f : -1),
  };
}

/** A PageInfo for pid 1 with vpn = 100 + frame unless given. */
export function pg(frame: number, vpn = 100 + frame, pid = 1): PageInfo {
  return { frame, vpn, pid };
}

/** The victim frame of an answer (number or object). */
export function victimOf(a: number | { victim: number }): number {
  return typeof a === 'number' ? a : a.victim;
}
