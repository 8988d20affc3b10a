// readUserFile: returns a file's exact bytes; a missing path, a directory or a file that cannot be
// read is a one-line bad-input CliFailure naming the file and what is wrong.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readUserFile } from '../../src/cli/files.js';
import { cliFailure } from '../helpers/cli.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'milklab-files-'));

const failure = cliFailure;

describe('readUserFile', () => {
  it('returns the exact bytes of a binary file as a Uint8Array', () => {
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 37) & 0xff);
    const f = path.join(dir, 'prog.elf');
    writeFileSync(f, bytes);
    const got = readUserFile(f);
    expect(got).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(got)).toBe(false);
    expect(Array.from(got)).toEqual(Array.from(bytes));
  });

  it('reads an empty file as no bytes', () => {
    const f = path.join(dir, 'empty');
    writeFileSync(f, '');
    expect(readUserFile(f).length).toBe(0);
  });

  it('a missing file is one line naming it', () => {
    const f = path.join(dir, 'nope.elf');
    expect(failure(() => readUserFile(f)).error).toEqual({ kind: 'bad-input', message: `${f}: no such file` });
  });

  it('a path through a missing folder is a missing file too', () => {
    const f = path.join(dir, 'no-such-dir', 'x.elf');
    expect(failure(() => readUserFile(f)).error.message).toBe(`${f}: no such file`);
  });

  it('a directory is refused as a directory', () => {
    const d = path.join(dir, 'sub');
    mkdirSync(d);
    expect(failure(() => readUserFile(d)).error).toEqual({ kind: 'bad-input', message: `${d}: is a directory, not a file` });
  });

  describe('a path that exists but cannot be read (a Unix socket)', () => {
    const sock = path.join(dir, 'sock');
    const server = net.createServer();
    beforeAll(() => new Promise<void>((resolve) => { server.listen(sock, resolve); }));
    afterAll(() => new Promise<void>((resolve) => { server.close(() => resolve()); }));

    it('is one line naming the file and the error code', () => {
      const e = failure(() => readUserFile(sock));
      expect(e.error.kind).toBe('bad-input');
      expect(e.error.message).toMatch(new RegExp(`^${sock.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cannot read \\([A-Z]+\\)$`));
    });
  });
});
