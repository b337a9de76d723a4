// The environment a step's command gets: a short allow-list from the cockpit's own environment,
// output-friendly defaults, then the step's variables. Nothing else leaks in: no ZX_* (zx reads
// them), no BASH_ENV/ENV (bash would source them), no LD_PRELOAD.

import { unsafeEnvName } from '../plan/env-names.js';

export { unsafeEnvName };

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
