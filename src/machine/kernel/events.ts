// Kernel events: what happened that a person should hear about (not every fault — counters
// carry those). A closed union; the CLI prints or streams them, the UI logs them.

export type KernelEvent =
  | { type: 'spawn'; pid: number; name: string; time: number }
  | { type: 'exit'; pid: number; name: string; code: number; time: number }
  | { type: 'kill'; pid: number; name: string; signal: 'SIGSEGV' | 'SIGILL' | 'SIGTRAP' | 'SIGBUS' | 'SIGKILL'; message: string; time: number }
  | { type: 'enosys'; pid: number; name: string; syscall: number; time: number }
  | { type: 'fallback'; pid: number; service: string; reason: string; time: number }
  | { type: 'service-error'; pid: number; service: string; message: string; time: number }
  | { type: 'oom'; pid: number; name: string; message: string; time: number };

export type KernelEventType = KernelEvent['type'];
