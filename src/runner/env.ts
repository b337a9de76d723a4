// The environment a step's command gets: a short allow-list from the cockpit's own environment,
// output-friendly defaults, then the step's variables. Nothing else leaks in: no ZX_* (zx reads
// them), no BASH_ENV/ENV (bash would source them), no LD_PRELOAD.

/** Variables every step receives (the session fills them in). */
export const RC_RUN_DIR = 'RC_RUN_DIR';
export const RC_STEP_ID = 'RC_STEP_ID';
export const RC_ATTEMPT = 'RC_ATTEMPT';
export const RC_ATTEMPT_DIR = 'RC_ATTEMPT_DIR';
/** Set by the wrapper on each remote host of a multi-host step: the ssh alias. */
export const RC_HOST = 'RC_HOST';

/** The RC_* part of a step's environment. */
export function stepIdentityEnv(ids: {
  runDir: string;
  stepId: string;
  attempt: number;
  attemptDir: string;
}): Record<string, string> {
  return {
    [RC_RUN_DIR]: ids.runDir,
    [RC_STEP_ID]: ids.stepId,
    [RC_ATTEMPT]: String(ids.attempt),
    [RC_ATTEMPT_DIR]: ids.attemptDir,
  };
}

const INHERITED = new Set([
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  // bash looks the user up (NSS, /etc/passwd) when SHELL is unset: twice per step.
  'SHELL',
  'LANG',
  'TERM',
  'TZ',
  'SSH_AUTH_SOCK',
  'TMPDIR',
]);

/** Programs writing to a file (not a TTY) buffer their output; these keep the live view live. */
export const OUTPUT_FRIENDLY_DEFAULTS: Readonly<Record<string, string>> = {
  PYTHONUNBUFFERED: '1',
  PYTHONIOENCODING: 'utf-8',
  PAGER: 'cat',
  GIT_PAGER: 'cat',
  SYSTEMD_PAGER: 'cat',
  GIT_TERMINAL_PROMPT: '0',
};

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Names that change how bash or the dynamic linker behave before the script's first line. */
const DANGEROUS = new Set([
  'BASH_ENV',
  'ENV',
  'SHELLOPTS',
  'BASHOPTS',
  'IFS',
  'PS4',
  'PROMPT_COMMAND',
  'CDPATH',
  'GLOBIGNORE',
  'LD_PRELOAD',
  'LD_AUDIT',
  'LD_LIBRARY_PATH',
]);

/** Variables bash sets itself (read-only, or assignments ignored or special): never a step's. */
const BASH_OWN = new Set([
  'UID',
  'EUID',
  'PPID',
  'BASHPID',
  'GROUPS',
  'RANDOM',
  'SRANDOM',
  'SECONDS',
  'LINENO',
  'EPOCHSECONDS',
  'EPOCHREALTIME',
  'PIPESTATUS',
  'FUNCNAME',
  'BASH_VERSINFO',
  'BASH_ARGC',
  'BASH_ARGV',
  'BASH_LINENO',
  'BASH_SOURCE',
]);

/** Why a name may not be given to a step's environment, or null when it may. */
export function unsafeEnvName(name: string): string | null {
  if (!NAME.test(name)) return `"${name}" is not a valid environment variable name`;
  if (DANGEROUS.has(name)) return `${name} changes how bash starts; it cannot be set by a plan`;
  if (BASH_OWN.has(name)) return `${name} is set by bash itself; a plan cannot set it (rename the variable)`;
  if (name.startsWith('ZX_')) return `${name}: ZX_* variables configure zx, not steps`;
  if (name.startsWith('BASH_FUNC_')) return `${name}: exported bash functions are not allowed`;
  if (name.toLowerCase().startsWith('__rc_')) return `${name}: reserved for the runner`;
  return null;
}

/**
 * The full environment for a step: allow-listed parent variables (PATH, HOME, USER, LOGNAME,
 * SHELL, LANG, LC_*, TERM, TZ, SSH_AUTH_SOCK, TMPDIR), then OUTPUT_FRIENDLY_DEFAULTS, then `env`.
 * Throws on a name unsafeEnvName refuses or a value bash cannot carry (NUL).
 */
export function buildStepEnv(
  env: Record<string, string>,
  parent: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(parent)) {
    if (value !== undefined && (INHERITED.has(name) || name.startsWith('LC_'))) result[name] = value;
  }
  Object.assign(result, OUTPUT_FRIENDLY_DEFAULTS);
  for (const [name, value] of Object.entries(env)) {
    const problem = unsafeEnvName(name);
    if (problem) throw new Error(problem);
    if (value.includes('\0')) throw new Error(`${name}: a value cannot contain a NUL byte`);
    result[name] = value;
  }
  return result;
}

/** Names sent to remote hosts: the step's own variables, never the local PATH/HOME/... */
export function remoteEnvNames(env: Record<string, string>): string[] {
  return [...Object.keys(OUTPUT_FRIENDLY_DEFAULTS), ...Object.keys(env)].filter(
    (name, index, all) => all.indexOf(name) === index,
  );
}
