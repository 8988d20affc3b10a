// HTIF, the host-target interface riscv-tests and Spike use: the guest writes a 64-bit command to
// the `tohost` symbol in RAM. Device 0 with the low bit set means exit with code (value >> 1);
// device 1 command 1 writes a character to the console. The command is read when its high word
// is written (guests store the low word first), then tohost is cleared.

import type { PhysMemory } from './memory.js';

export interface HtifHandlers {
  exit(code: number): void;
  putchar(ch: number): void;
}

/** Watches the 8 bytes at `tohost` (a RAM address) and dispatches HTIF commands. */
export function attachHtif(mem: PhysMemory, tohost: number, on: HtifHandlers): void {
  mem.watch(tohost + 4, 4, () => {
    const lo = mem.read(tohost, 4), hi = mem.read(tohost + 4, 4);
    const device = hi >>> 24, cmd = (hi >>> 16) & 0xff;
    if (device === 0 && cmd === 0 && (lo & 1)) {
      // the 48-bit payload >> 1, in doubles: (hi << 31) in 32-bit arithmetic would lose all but a bit
      on.exit(Math.floor((lo >>> 0) / 2) + (hi & 0xffff) * 2 ** 31);
      return;
    }
    if (device === 1 && cmd === 1) on.putchar(lo & 0xff);
    mem.u8.fill(0, tohost - mem.base, tohost - mem.base + 8);
  });
}
