// CLI errors as values: usage() and badInput() build CliFailures (real Errors) that carry their
// kind and their one-line message, which main prints as `milklab: MESSAGE` with status 2.
import { describe, expect, it } from 'vitest';
import { badInput, CliFailure, usage, type CliError } from '../../src/cli/errors.js';

describe('CLI errors', () => {
  it('usage() is a CliFailure of kind usage carrying the message', () => {
    const e = usage('run: name at least one workload');
    expect(e).toBeInstanceOf(CliFailure);
    expect(e).toBeInstanceOf(Error);
    expect(e.error).toEqual({ kind: 'usage', message: 'run: name at least one workload' });
    expect(e.message).toBe('run: name at least one workload');
  });

  it('badInput() is a CliFailure of kind bad-input carrying the message', () => {
    const e = badInput('x.elf: no such file');
    expect(e).toBeInstanceOf(CliFailure);
    expect(e.error).toEqual({ kind: 'bad-input', message: 'x.elf: no such file' });
    expect(e.message).toBe('x.elf: no such file');
  });

  it('a CliFailure built from a CliError keeps it as it is, and can be thrown and caught by type', () => {
    const err: CliError = { kind: 'bad-input', message: 'frames: must be positive' };
    const thrown = (() => { try { throw new CliFailure(err); } catch (e) { return e; } })();
    expect(thrown).toBeInstanceOf(CliFailure);
    expect((thrown as CliFailure).error).toBe(err);
    expect((thrown as CliFailure).message).toBe('frames: must be positive');
  });

  it('the two helpers give distinct kinds for the same text', () => {
    expect(usage('m').error.kind).toBe('usage');
    expect(badInput('m').error.kind).toBe('bad-input');
  });
});
