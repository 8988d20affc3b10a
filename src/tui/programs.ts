// Built-in workloads as programs for the session: the ELF from the registry, parsed and checked
// by the ELF loader, with the argv the workload is to run with.

import { readFileSync } from 'node:fs';
import { checkFits, describeElfError, parseElf } from '../machine/hw/elf.js';
import type { ProgramSpec } from '../session/session.js';
import { findWorkload, listWorkloads } from '../workloads/registry.js';

export type ProgramResult = { ok: true; program: ProgramSpec } | { ok: false; message: string };

/** Workload `name` with `args` (default: its default arguments). Never throws. */
export function workloadProgram(name: string, args?: string[]): ProgramResult {
  const w = findWorkload(name);
  if (!w) return { ok: false, message: `no built-in workload '${name}'` };
  let bytes: Uint8Array;
  try { bytes = new Uint8Array(readFileSync(w.file)); } catch (e) { return { ok: false, message: `${w.file}: ${(e as NodeJS.ErrnoException).code ?? 'unreadable'}` }; }
  const parsed = parseElf(bytes);
  if (!parsed.ok) return { ok: false, message: describeElfError(name, parsed.error) };
  const fits = checkFits(parsed.value, 0x1000, 0xbf00_0000 - 0x1000);
  if (!fits.ok) return { ok: false, message: describeElfError(name, fits.error) };
  return { ok: true, program: { name, image: fits.value, argv: [name, ...(args ?? w.defaultArgs)] } };
}

/** The workloads the add picker offers. */
export function workloadChoices(): { name: string; description: string }[] {
  return listWorkloads().map((w) => ({ name: w.name, description: w.description }));
}
