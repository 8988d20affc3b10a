// parse() and intOption(): options, positionals and the guest's arguments after `--` kept apart;
// unknown options, missing values and out-of-range integers become one-line usage CliFailures.
import { describe, expect, it } from 'vitest';
import { intOption, parse, type Parsed } from '../../src/cli/args.js';
import { cliFailure } from '../helpers/cli.js';

const OPTS = {
  frames: { type: 'string' }, json: { type: 'boolean' }, policy: { type: 'string', multiple: true }, quiet: { type: 'boolean', short: 'q' },
} as const;

const failure = cliFailure;

const parsed = (values: Parsed['values']): Parsed => ({ values, positionals: [], rest: [] });

describe('parse', () => {
  it('separates options, positionals and the arguments after --', () => {
    const p = parse('run', ['sieve', '--frames', '64', 'loop', '--json', '--', '1000', '--frames', 'x'], OPTS);
    expect(p.values).toEqual({ frames: '64', json: true });
    expect(p.positionals).toEqual(['sieve', 'loop']);
    expect(p.rest).toEqual(['1000', '--frames', 'x']);
  });

  it('has an empty rest without --, and keeps a second -- for the guest', () => {
    expect(parse('run', ['a', '--frames=8'], OPTS)).toEqual({ values: { frames: '8' }, positionals: ['a'], rest: [] });
    expect(parse('run', ['a', '--', 'b', '--', 'c'], OPTS).rest).toEqual(['b', '--', 'c']);
    expect(parse('run', ['--'], OPTS)).toEqual({ values: {}, positionals: [], rest: [] });
  });

  it('collects a multiple option into an array, in order, and takes short flags', () => {
    const p = parse('run', ['--policy', 'fifo', '-q', '--policy', 'clock'], OPTS);
    expect(p.values).toEqual({ policy: ['fifo', 'clock'], quiet: true });
  });

  it('an unknown option is one usage line naming the command and the option', () => {
    const e = failure(() => parse('check', ['02', '--frames', '3'], { json: { type: 'boolean' } }));
    expect(e.error).toEqual({ kind: 'usage', message: "check: unknown option '--frames'" });
  });

  it('an unknown short option too, without the parser’s advice about positionals', () => {
    const e = failure(() => parse('trace', ['-x'], OPTS));
    expect(e.error.message).toBe("trace: unknown option '-x'");
  });

  it('a missing value is one line', () => {
    const e = failure(() => parse('run', ['sieve', '--frames'], OPTS));
    expect(e.error.kind).toBe('usage');
    expect(e.error.message).toBe("run: option '--frames <value>' argument missing");
  });

  it('an ambiguous value (the parser’s three lines) is cut to its first line', () => {
    const e = failure(() => parse('run', ['--frames', '--json'], OPTS));
    expect(e.error.message).toBe("run: option '--frames' argument is ambiguous.");
    expect(e.message).not.toContain('\n');
  });

  it('a value given to a boolean is refused', () => {
    expect(failure(() => parse('check', ['--json=1'], OPTS)).error.message).toBe("check: option '--json' does not take an argument");
  });

  it('options after -- are not parsed, so they cannot fail', () => {
    expect(parse('run', ['x', '--', '--no-such-option'], OPTS).rest).toEqual(['--no-such-option']);
  });
});

describe('intOption', () => {
  it('gives the default when the option is absent', () => {
    expect(intOption(parsed({}), 'frames', 16384, 1)).toBe(16384);
  });

  it('reads decimal and hexadecimal integers, at the bounds too', () => {
    expect(intOption(parsed({ frames: '64' }), 'frames', 0, 1)).toBe(64);
    expect(intOption(parsed({ frames: '0x40' }), 'frames', 0, 1)).toBe(64);
    expect(intOption(parsed({ frames: '0X1F' }), 'frames', 0, 1)).toBe(31);
    expect(intOption(parsed({ frames: '007' }), 'frames', 0, 1)).toBe(7);
    expect(intOption(parsed({ seed: '0' }), 'seed', 1, 0, 0xffff_ffff)).toBe(0);
    expect(intOption(parsed({ seed: '4294967295' }), 'seed', 1, 0, 0xffff_ffff)).toBe(0xffff_ffff);
  });

  it.each([
    ['0', "--frames needs an integer in 1..1048576, got '0'"],
    ['1048577', "--frames needs an integer in 1..1048576, got '1048577'"],
    ['-3', "--frames needs an integer in 1..1048576, got '-3'"],
    ['1.5', "--frames needs an integer in 1..1048576, got '1.5'"],
    ['1e3', "--frames needs an integer in 1..1048576, got '1e3'"],
    ['+4', "--frames needs an integer in 1..1048576, got '+4'"],
    [' 4', "--frames needs an integer in 1..1048576, got ' 4'"],
    ['0x', "--frames needs an integer in 1..1048576, got '0x'"],
    ['', "--frames needs an integer in 1..1048576, got ''"],
    ['lots', "--frames needs an integer in 1..1048576, got 'lots'"],
  ])('refuses %j in one usage line naming the option and the range', (v, message) => {
    const e = failure(() => intOption(parsed({ frames: v }), 'frames', 16, 1, 1 << 20));
    expect(e.error).toEqual({ kind: 'usage', message });
  });

  it('without a maximum the message says >= min, and unsafe integers are refused', () => {
    expect(failure(() => intOption(parsed({ pace: '0' }), 'pace', 8, 1)).error.message).toBe("--pace needs an integer >= 1, got '0'");
    expect(failure(() => intOption(parsed({ pace: '9007199254740993' }), 'pace', 8, 1)).error.message).toBe("--pace needs an integer >= 1, got '9007199254740993'");
    expect(intOption(parsed({ pace: '9007199254740991' }), 'pace', 8, 1)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('a boolean flag given where an integer is expected is refused, not read as 1', () => {
    expect(failure(() => intOption(parsed({ frames: true }), 'frames', 16, 1)).error.message).toBe("--frames needs an integer >= 1, got 'true'");
  });

  it('works on what parse() returns', () => {
    const p = parse('run', ['sieve', '--frames', '0x100'], OPTS);
    expect(intOption(p, 'frames', 16384, 1, 1 << 20)).toBe(256);
    expect(intOption(p, 'seed', 1, 0)).toBe(1);
  });
});
