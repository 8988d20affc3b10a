// The messages between the machine's thread and the type checker's thread (typecheck-worker.ts).

import type { TypeDiagnostic } from './typecheck.js';

export type ToChecker =
  /** Check `source` as the content of `file` (files it imports are read from disk). */
  | { type: 'check'; id: number; file: string; source: string }
  /** Forget the warm checker of `file`. */
  | { type: 'release'; file: string };

export type FromChecker =
  | { type: 'checked'; id: number; ok: true; diagnostics: TypeDiagnostic[] }
  /** The checker itself failed (not the file: its errors are diagnostics). */
  | { type: 'checked'; id: number; ok: false; message: string };
