// CLI errors as values: every bad input becomes one line on stderr and exit status 2.

export type CliError =
  | { kind: 'usage'; message: string }
  | { kind: 'bad-input'; message: string };

/** Thrown by command code to end with a one-line message and exit status 2 (never a stack trace). */
export class CliFailure extends Error {
  readonly error: CliError;
  /** Wraps a CliError. */
  constructor(error: CliError) {
    super(error.message);
    this.error = error;
  }
}

/** Convenience: a usage error. */
export function usage(message: string): CliFailure {
  return new CliFailure({ kind: 'usage', message });
}

/** Convenience: a bad-input error (file, argument value). */
export function badInput(message: string): CliFailure {
  return new CliFailure({ kind: 'bad-input', message });
}
