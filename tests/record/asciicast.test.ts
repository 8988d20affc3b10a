import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CastRecorder, toCrlf } from '../../src/record/asciicast.js';

describe('asciicast v2 recording', () => {
  it('converts lone LF to CRLF, across writes too', () => {
    expect(toCrlf('a\nb\r\nc', false)).toBe('a\r\nb\r\nc');
    expect(toCrlf('\nx', true)).toBe('\nx');
    expect(toCrlf('\nx', false)).toBe('\r\nx');
  });
  it('writes a header and timed output and marker events', () => {
    const f = path.join(mkdtempSync(path.join(os.tmpdir(), 'cast-')), 'a.cast');
    let t = 1000;
    const rec = new CastRecorder(f, { width: 80, height: 24, title: 'demo' }, () => t);
    rec.output('hello\n');
    t += 1500;
    rec.marker('swap v2');
    t += 250;
    rec.output('\x1b[2Jbye');
    rec.close();
    rec.output('ignored');
    const lines = readFileSync(f, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ version: 2, width: 80, height: 24, title: 'demo' });
    expect(lines.slice(1)).toEqual([[0, 'o', 'hello\r\n'], [1.5, 'm', 'swap v2'], [1.75, 'o', '\x1b[2Jbye']]);
  });
});
