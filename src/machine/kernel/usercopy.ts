// Copying between the kernel and user memory (copy_from_user / copy_to_user): page by page
// through the process's own page tables, faulting pages in as the hardware would, and marking
// them accessed (and dirty when written) so replacement and swap see the kernel's touches.

import type { Pager } from './pager.js';
import type { Process } from './process.js';

/** Reads `len` bytes at user address `va`; null when any byte is not readable (EFAULT). */
export function copyIn(pager: Pager, p: Process, va: number, len: number): Uint8Array | null {
  const out = new Uint8Array(len);
  const mem = pager.mem;
  for (let done = 0; done < len;) {
    const a = (va + done) >>> 0;
    const n = Math.min(len - done, 4096 - (a & 0xfff));
    const pa = pager.ensureResident(p, a >>> 12, false);
    if (pa < 0) return null;
    out.set(mem.readBytes(pa + (a & 0xfff), n), done);
    done += n;
  }
  return out;
}

/** Writes `bytes` at user address `va`; false when any byte is not writable (EFAULT). */
export function copyOut(pager: Pager, p: Process, va: number, bytes: Uint8Array): boolean {
  const mem = pager.mem;
  for (let done = 0; done < bytes.length;) {
    const a = (va + done) >>> 0;
    const n = Math.min(bytes.length - done, 4096 - (a & 0xfff));
    const pa = pager.ensureResident(p, a >>> 12, true);
    if (pa < 0) return false;
    mem.writeBytes(pa + (a & 0xfff), bytes.subarray(done, done + n));
    done += n;
  }
  return true;
}
