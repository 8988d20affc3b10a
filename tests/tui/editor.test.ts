// $EDITOR: run through the shell on the file, waited for; a missing editor is a message.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { editorCommand, runEditor } from '../../src/tui/editor.js';

describe('runEditor', () => {
  it('prefers $EDITOR, then $VISUAL, then vi', () => {
    expect(editorCommand({ EDITOR: 'nano', VISUAL: 'code -w' })).toBe('nano');
    expect(editorCommand({ VISUAL: 'code -w' })).toBe('code -w');
    expect(editorCommand({})).toBe('vi');
  });
  it('runs the editor command (with its arguments) on the file and waits', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'milklab-ed-')), 'my policy.ts');
    writeFileSync(file, '// v1\n');
    const r = runEditor(file, { ...process.env, EDITOR: `sh -c 'echo "// saved" >> "$0"'` });
    expect(r).toEqual({ ok: true });
    expect(readFileSync(file, 'utf8')).toBe('// v1\n// saved\n');
  });
  it('reports an editor that is not there', () => {
    const r = runEditor('/tmp/x.ts', { ...process.env, EDITOR: 'no-such-editor-milklab' });
    expect(r).toMatchObject({ ok: false, message: expect.stringContaining("editor 'no-such-editor-milklab' not found") });
  });
});
