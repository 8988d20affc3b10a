// Reading user-named files with errors that name the file and say what is wrong.

import { readFileSync, statSync } from 'node:fs';
import { badInput } from './errors.js';

/** Reads a whole file; a missing, unreadable or directory path becomes a one-line CliFailure. */
export function readUserFile(file: string): Uint8Array {
  let st;
  try {
    st = statSync(file);
  } catch {
    throw badInput(`${file}: no such file`);
  }
  if (st.isDirectory()) throw badInput(`${file}: is a directory, not a file`);
  try {
    return new Uint8Array(readFileSync(file));
  } catch (e) {
    throw badInput(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
