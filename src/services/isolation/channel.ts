// The shared-memory call channel between the kernel's thread and a service worker: one
// SharedArrayBuffer holding a header of Int32 words and a payload region read both as Float64
// numbers and as bytes. One request is in flight at a time; the state word moves
// IDLE → REQUEST (main) → RESPONSE (worker) → REQUEST → ... and each side Atomics.waits on it.
//
// Payload of a request:  [queued notifications, 5 numbers each][the operation's numbers][bytes]
// Payload of a response: [the answer's numbers][bytes: failure message or serialized state]
//                        [bytes: JSON of failures of the queued notifications, if any]
// Only plain numbers cross as numbers (Float64, so integers up to 2^53 and virtual times are
// exact). State handed between versions (exportState → migrate) crosses as the bytes of V8's
// structured clone (node:v8 serialize): Maps, Sets, typed arrays and cycles survive, functions
// do not. Growth: when a message would not fit, the writer allocates a bigger buffer, posts it on
// the side MessagePort and tells the reader (SWAP op or SWAPPED status) to take it with
// receiveMessageOnPort — a synchronous handover, no event loop involved.

/** Bytes before the payload region (16 Int32 words). */
export const HEADER_BYTES = 64;
/** Initial payload capacity. */
export const INITIAL_PAYLOAD = 64 * 1024;
/** The largest answer a worker may send (a bigger one is an invalid answer). */
export const MAX_RESPONSE_PAYLOAD = 64 * 1024 * 1024;

/** Header word indices. */
export const W = {
  STATE: 0,
  /** Set by main when it posted an asynchronous message: the worker should visit its event loop. */
  MAIL: 1,
  OP: 2,
  STATUS: 3,
  /** Count of Float64 numbers in the payload. */
  NUMS: 4,
  /** Count of bytes after the numbers. */
  BYTES: 5,
  /** Request: queued notifications in front of the numbers. Response: JSON bytes of their failures. */
  EXTRA: 6,
  /** Set by main as a hint that a request is coming soon: the worker wakes and spins for it. */
  WAKE: 7,
} as const;

export const STATE = { IDLE: 0, REQUEST: 1, RESPONSE: 2 } as const;

/** Synchronous operations. */
export const OP = {
  /** Only the queued notifications. */
  FLUSH: 1, CREATE: 2, MIGRATE: 3, VICTIM: 4, SCAN: 5, EXPORT: 6, FAULT: 7, QUOTAS: 8,
  /** Take the buffer just posted on the side port and acknowledge on this one. */
  SWAP: 9,
} as const;

/** Queued notifications (first number of each 5-number entry: kind, id, frame, vpn, pid). */
export const NOTE = { MAP: 1, UNMAP: 2, ACCESS: 3, DESTROY: 4 } as const;
export const NOTE_NUMS = 5;

/** Response statuses. */
export const STATUS = {
  OK: 0, THREW: 1, INVALID: 2, NO_INSTANCE: 3,
  /** The answer is in a new buffer posted on the side port. */
  SWAPPED: 4,
  /** The worker could not decode the request (a milklab bug, not the service's). */
  PROTOCOL: 5,
} as const;

const OP_NAMES: Record<number, string> = { 1: 'flush', 2: 'createInstance', 3: 'migrateInstance', 4: 'victim', 5: 'scan', 6: 'exportState', 7: 'fault', 8: 'quotas', 9: 'swap' };

/** The name of an operation code, for messages. */
export function opName(op: number): string {
  return OP_NAMES[op] ?? `op ${op}`;
}

/** Views over one shared buffer. */
export class Channel {
  readonly sab: SharedArrayBuffer;
  readonly i32: Int32Array;
  readonly f64: Float64Array;
  /** The payload region as bytes (a Buffer over the shared memory). */
  readonly bytes: Buffer;
  /** Payload capacity in bytes. */
  readonly capacity: number;

  /** Wraps an existing buffer (its size must be HEADER_BYTES + a multiple of 8). */
  constructor(sab: SharedArrayBuffer) {
    this.sab = sab;
    this.i32 = new Int32Array(sab, 0, HEADER_BYTES / 4);
    this.capacity = sab.byteLength - HEADER_BYTES;
    this.f64 = new Float64Array(sab, HEADER_BYTES, this.capacity / 8);
    this.bytes = Buffer.from(sab, HEADER_BYTES, this.capacity);
  }

  /** A fresh channel whose payload holds at least `payloadBytes` (a power of two, ≥ INITIAL_PAYLOAD). */
  static create(payloadBytes = INITIAL_PAYLOAD): Channel {
    let cap = INITIAL_PAYLOAD;
    while (cap < payloadBytes) cap *= 2;
    return new Channel(new SharedArrayBuffer(HEADER_BYTES + cap));
  }

  /** Payload bytes a message of `nums` numbers and `bytes` bytes needs. */
  static need(nums: number, bytes: number): number {
    return nums * 8 + bytes;
  }

  /** Copies `data` into the byte area that follows `nums` numbers. */
  putBytes(nums: number, data: Uint8Array, at = 0): void {
    this.bytes.set(data, nums * 8 + at);
  }

  /** Writes `text` as UTF-8 after `nums` numbers (+at); returns its byte length. Caller ensured room. */
  putText(nums: number, text: string, at = 0): number {
    return this.bytes.write(text, nums * 8 + at, 'utf8');
  }

  /** A private copy of `len` bytes after `nums` numbers (+at). */
  takeBytes(nums: number, len: number, at = 0): Buffer {
    const start = nums * 8 + at;
    return Buffer.from(this.bytes.subarray(start, start + len));
  }

  /** The UTF-8 text of `len` bytes after `nums` numbers (+at). */
  takeText(nums: number, len: number, at = 0): string {
    const start = nums * 8 + at;
    return this.bytes.toString('utf8', start, start + len);
  }
}

/** The message that hands a new buffer over the side port. */
export interface SwapMessage {
  sab: SharedArrayBuffer;
}

/** True when `m` is a SwapMessage (what receiveMessageOnPort gave back). */
export function isSwap(m: unknown): m is SwapMessage {
  return typeof m === 'object' && m !== null && (m as { sab?: unknown }).sab instanceof SharedArrayBuffer;
}
