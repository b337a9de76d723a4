// Facts about the step wrapper (sh/wrapper.sh) that the TypeScript side relies on; the
// program itself is the shell file, copied next to each attempt when it starts.

/** Exit status of a wrapper that found the attempt already claimed (step.lock exists). */
export const WRAPPER_LOCKED_EXIT = 75;

/** Flags the step's script runs with (locally and on every host): sh/wrapper.sh, sh/supervise.sh. */
export const SCRIPT_BASH_FLAGS = ['-e', '-o', 'pipefail'] as const;
