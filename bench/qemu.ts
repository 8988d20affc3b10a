// The reference: the same ELF run by qemu-riscv32 (Debian qemu-user), timed as a whole process.

import { spawnSync } from 'node:child_process';

/** Path of qemu-riscv32 if installed, else undefined. */
export function findQemu(): string | undefined {
  const r = spawnSync('qemu-riscv32', ['-version'], { encoding: 'utf8' });
  return r.status === 0 ? 'qemu-riscv32' : undefined;
}

/** Runs `file` under qemu with `argv` (argv[0] included); returns wall seconds and stdout. */
export function runQemu(qemu: string, file: string, argv: string[]): { seconds: number; stdout: string; status: number | null } {
  const t0 = performance.now();
  const r = spawnSync(qemu, ['-0', argv[0]!, file, ...argv.slice(1)], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { seconds: (performance.now() - t0) / 1000, stdout: r.stdout, status: r.status };
}
