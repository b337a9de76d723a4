// Which names a step's environment may carry. Plan variables become environment variables, so
// the plan checker refuses these names at the plan's line, and the runner refuses them again at
// a step's start (values given on the command line, RC_* and step env).

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
