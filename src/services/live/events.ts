// Live-update events: the contract of `--events` (one JSON object per line, kind in `type`) and
// of the UI's event log. Kernel events (spawn, exit, kill, …) travel alongside in the same stream.

export type LiveEvent =
  | { type: 'swap'; service: string; fromVersion: number; toVersion: number; name: string; pauseUs: number; instructions: number; migrated: 'migrate' | 'export' | 'rebuilt' }
  | { type: 'rollback'; service: string; version: number; toVersion: number; reason: string; instructions: number }
  | { type: 'fallback'; service: string; version: number; toVersion: number; reason: string; instructions: number }
  | { type: 'compile-error'; service: string; file: string; line: number; column: number; message: string; frame: string; errorKind: string }
  | { type: 'rejected'; service: string; file: string; reason: string }
  | { type: 'service-error'; service: string; version: number; message: string; instructions: number }
  | { type: 'probation-passed'; service: string; version: number; instructions: number }
  | { type: 'shadow'; service: string; candidate: string; decisions: number; differing: number; instructions: number };

export type LiveEventType = LiveEvent['type'];
