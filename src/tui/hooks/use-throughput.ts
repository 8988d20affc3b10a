// The machine's current speed (instructions per wall second), smoothed over the last polls,
// from the instruction counts of successive snapshots.

import { useRef } from 'react';

export function useThroughput(instructions: number): number {
  const s = useRef({ at: performance.now(), instr: instructions, ips: 0 });
  const now = performance.now();
  const dt = (now - s.current.at) / 1000;
  if (instructions !== s.current.instr && dt > 0.05) {
    const ips = Math.max(0, (instructions - s.current.instr) / dt);
    s.current = { at: now, instr: instructions, ips: s.current.ips === 0 ? ips : s.current.ips * 0.6 + ips * 0.4 };
  } else if (instructions === s.current.instr && dt > 1) {
    s.current = { at: now, instr: instructions, ips: 0 };
  }
  return s.current.ips;
}
