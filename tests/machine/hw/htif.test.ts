// HTIF tohost commands in RAM: exit (device 0, low bit set) and console putchar (device 1,
// command 1) are dispatched when the high word is stored, after which tohost is cleared; an exit
// leaves tohost as written. Also: end to end from a guest program on a Machine.
import { describe, expect, it, vi } from 'vitest';
import { attachHtif, type HtifHandlers } from '../../../src/machine/hw/htif.js';
import { PhysMemory } from '../../../src/machine/hw/memory.js';
import { Asm } from '../../helpers/asm.js';
import { RAM_BASE, newMachine } from '../../helpers/run-program.js';

const BASE = 0x8000_0000;
const TOHOST = BASE + 0x1000;

function setup(): { mem: PhysMemory; on: HtifHandlers & { exit: ReturnType<typeof vi.fn>; putchar: ReturnType<typeof vi.fn> } } {
  const mem = new PhysMemory(BASE, 2 * 4096);
  const on = { exit: vi.fn(), putchar: vi.fn() };
  attachHtif(mem, TOHOST, on);
  return { mem, on };
}

/** Stores a 64-bit command as guests do: low word, then high word. */
function command(mem: PhysMemory, lo: number, hi: number): void {
  mem.write(TOHOST, 4, lo);
  mem.write(TOHOST + 4, 4, hi);
}

describe('HTIF', () => {
  it('exit: device 0 with the low bit set calls exit(value >> 1) and leaves tohost as written', () => {
    const { mem, on } = setup();
    command(mem, (5 << 1) | 1, 0);
    expect(on.exit).toHaveBeenCalledTimes(1);
    expect(on.exit).toHaveBeenCalledWith(5);
    expect(on.putchar).not.toHaveBeenCalled();
    expect(mem.read(TOHOST, 4)).toBe(11);
  });

  it('exit codes beyond the low word keep the high bits of the 48-bit payload (never 0, never negative)', () => {
    const { mem, on } = setup();
    command(mem, 1, 2); // value 2^33 + 1 → 2^32
    command(mem, 1, 1); // value 2^32 + 1 → 2^31
    command(mem, 0xffff_ffff, 0xffff); // the largest payload
    expect(on.exit.mock.calls).toEqual([[2 ** 32], [2 ** 31], [2 ** 47 - 1]]);
  });

  it('exit code 0 (riscv-tests pass) and the largest code that fits the low word', () => {
    const { mem, on } = setup();
    command(mem, 1, 0);
    command(mem, 0xffff_ffff, 0);
    expect(on.exit.mock.calls).toEqual([[0], [0x7fff_ffff]]);
  });

  it('putchar: device 1 command 1 writes the low byte, then tohost is cleared', () => {
    const { mem, on } = setup();
    for (const ch of 'Hi\n') command(mem, ch.charCodeAt(0), 0x0101_0000);
    command(mem, 0x1234_5641, 0x0101_0000); // only the low byte is the character
    expect(on.putchar.mock.calls).toEqual([[0x48], [0x69], [0x0a], [0x41]]);
    expect(on.exit).not.toHaveBeenCalled();
    expect(mem.read(TOHOST, 4)).toBe(0);
    expect(mem.read(TOHOST + 4, 4)).toBe(0);
  });

  it('does nothing until the high word is written', () => {
    const { mem, on } = setup();
    mem.write(TOHOST, 4, 1);
    expect(on.exit).not.toHaveBeenCalled();
    expect(mem.read(TOHOST, 4)).toBe(1);
    mem.write(TOHOST + 4, 4, 0);
    expect(on.exit).toHaveBeenCalledWith(0);
  });

  it('a store to any byte of the high word triggers it', () => {
    const { mem, on } = setup();
    mem.write(TOHOST, 4, 0x41);
    mem.write(TOHOST + 7, 1, 0x01);
    expect(on.putchar).not.toHaveBeenCalled(); // device 1 but command 0
    expect(mem.read(TOHOST, 4)).toBe(0); // an unknown command is still consumed
    mem.write(TOHOST, 4, 0x42);
    mem.write(TOHOST + 6, 2, 0x0101);
    expect(on.putchar).toHaveBeenCalledWith(0x42);
  });

  it('ignores and clears unknown commands and device-0 commands without the low bit', () => {
    const { mem, on } = setup();
    for (const [lo, hi] of [[0x1000, 0], [1, 0x0001_0000], [0x41, 0x0102_0000], [0x41, 0x0201_0000], [0x41, 0xff01_0000]] as const) {
      command(mem, lo, hi);
      expect(mem.read(TOHOST, 4), `lo of ${lo}/${hi}`).toBe(0);
      expect(mem.read(TOHOST + 4, 4), `hi of ${lo}/${hi}`).toBe(0);
    }
    expect(on.exit).not.toHaveBeenCalled();
    expect(on.putchar).not.toHaveBeenCalled();
  });

  it('leaves the neighbouring words alone and ignores stores next to tohost', () => {
    const { mem, on } = setup();
    mem.write(TOHOST - 4, 4, 0xaaaa_aaaa);
    mem.write(TOHOST + 8, 4, 0xbbbb_bbbb);
    expect(on.exit).not.toHaveBeenCalled();
    expect(on.putchar).not.toHaveBeenCalled();
    command(mem, 0x41, 0x0101_0000);
    expect(mem.read(TOHOST - 4, 4)).toBe(0xaaaa_aaaa);
    expect(mem.read(TOHOST + 8, 4)).toBe(0xbbbb_bbbb);
  });

  it('serves a guest program: console output, then the exit code (riscv-tests style)', () => {
    const m = newMachine();
    const a = new Asm(RAM_BASE);
    a.la('t1', 'tohost');
    for (const ch of 'ok') a.li('t0', ch.charCodeAt(0)).sw('t0', 0, 't1').li('t0', 0x0101_0000).sw('t0', 4, 't1');
    a.li('t0', (3 << 1) | 1).sw('t0', 0, 't1').sw('zero', 4, 't1');
    a.label('spin').j('spin');
    a.org(RAM_BASE + 0x1000).label('tohost').word(0).word(0);
    m.mem.writeBytes(RAM_BASE, a.bytes());
    const out: number[] = [];
    let code = -1;
    attachHtif(m.mem, a.addressOf('tohost'), {
      exit: (c) => { code = c; m.cpu.requestExit({ kind: 'halt', code: c }); },
      putchar: (c) => out.push(c),
    });
    const exit = m.cpu.run(10_000);
    expect(exit).toEqual({ kind: 'halt', code: 3 });
    expect(code).toBe(3);
    expect(String.fromCharCode(...out)).toBe('ok');
  });
});
