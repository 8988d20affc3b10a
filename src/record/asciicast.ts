// Recording a terminal session as asciicast v2 (what `asciinema play` replays): a header line,
// then one JSON event per write, [seconds, "o", text], and [seconds, "m", label] markers at every
// swap. What an app writes goes through the tty's output processing before a player sees it, so
// a bare "\n" is recorded as "\r\n".

import { closeSync, openSync, writeSync } from 'node:fs';

export interface CastHeader {
  width: number;
  height: number;
  title?: string;
  /** Environment worth replaying with (TERM, SHELL). */
  env?: Record<string, string>;
}

/** Converts lone LF to CRLF (the tty's onlcr), leaving existing CRLF alone. */
export function toCrlf(s: string, prevEndedWithCr: boolean): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\n' && !(i === 0 ? prevEndedWithCr : s[i - 1] === '\r')) out += '\r\n';
    else out += c;
  }
  return out;
}

export class CastRecorder {
  private readonly fd: number;
  private readonly t0: number;
  private lastCr = false;
  private closed = false;

  /**
   * Starts a recording in `file` (created or truncated).
   * Contract: throws when the file cannot be opened (the caller reports it as bad input).
   */
  constructor(readonly file: string, header: CastHeader, now: () => number = () => performance.now()) {
    this.now = now;
    this.fd = openSync(file, 'w');
    this.t0 = now();
    const h = {
      version: 2, width: header.width, height: header.height, timestamp: Math.floor(Date.now() / 1000),
      ...(header.title ? { title: header.title } : {}), env: header.env ?? { TERM: process.env.TERM ?? 'xterm-256color', SHELL: process.env.SHELL ?? '/bin/sh' },
    };
    writeSync(this.fd, JSON.stringify(h) + '\n');
  }
  private readonly now: () => number;

  private at(): number { return Math.round((this.now() - this.t0) * 1000) / 1e6; }

  /** Records terminal output. */
  output(text: string): void {
    if (this.closed || text.length === 0) return;
    const t = toCrlf(text, this.lastCr);
    this.lastCr = text.endsWith('\r');
    writeSync(this.fd, JSON.stringify([this.at(), 'o', t]) + '\n');
  }

  /** Records a marker (asciinema shows them as chapter points). */
  marker(label: string): void {
    if (this.closed) return;
    writeSync(this.fd, JSON.stringify([this.at(), 'm', label]) + '\n');
  }

  /** Records a terminal resize. */
  resize(width: number, height: number): void {
    if (this.closed) return;
    writeSync(this.fd, JSON.stringify([this.at(), 'r', `${width}x${height}`]) + '\n');
  }

  /** Ends the recording. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}

/**
 * Tees everything written to `stream` into `rec` (the stream still gets it). Returns the function
 * that removes the tap.
 */
export function tapStream(stream: NodeJS.WriteStream, rec: CastRecorder): () => void {
  const orig = stream.write.bind(stream);
  const tapped = ((chunk: unknown, ...rest: unknown[]) => {
    rec.output(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return (orig as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof stream.write;
  stream.write = tapped;
  const onResize = (): void => rec.resize(stream.columns ?? 80, stream.rows ?? 24);
  stream.on('resize', onResize);
  return () => { stream.write = orig; stream.off('resize', onResize); };
}
