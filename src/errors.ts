// Errors a user sees: one line, a distinct exit code, never a stack trace.

export const EXIT = {
  ok: 0,
  failure: 1,
  badInput: 2,
  waiting: 3,
  locked: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error whose message is meant for the user as is. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.badInput,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** Several one-line problems (e.g. every error in a plan), printed one per line. */
export class ProblemsError extends UserError {
  constructor(
    readonly lines: string[],
    exitCode: ExitCode = EXIT.badInput,
  ) {
    super(lines.join('\n'), exitCode);
    this.name = 'ProblemsError';
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? String(error);
  return String(error);
}
