#!/usr/bin/env node
// Entry point: global options, subcommand dispatch, exit codes. Subcommands load lazily so
// `--help` and the cockpit's first frame don't pay for modules they don't use.
import { readFileSync } from 'node:fs';
import type { Command, GlobalOptions } from './commands/context.js';
import { EXIT, errorMessage, ProblemsError, UserError } from './errors.js';

const COMMANDS: Record<string, () => Promise<{ default: Command }>> = {
  cockpit: () => import('./commands/cockpit.js'),
  validate: () => import('./commands/validate.js'),
  schema: () => import('./commands/schema.js'),
  status: () => import('./commands/status.js'),
  mark: () => import('./commands/mark.js'),
  report: () => import('./commands/report.js'),
  'force-unlock': () => import('./commands/force-unlock.js'),
  prune: () => import('./commands/prune.js'),
  run: () => import('./commands/run.js'),
  signoff: () => import('./commands/signoff.js'),
  agenda: () => import('./commands/agenda.js'),
  import: () => import('./commands/import.js'),
};

const HELP = `release-cockpit — walk a release plan step by step, survive disconnects, record every decision

usage:
  release-cockpit [PLAN] [--run NAME] [--var NAME=VALUE]...   open the cockpit (no PLAN: start screen)
  release-cockpit validate PLAN...                              check plans; one line per problem
  release-cockpit schema                                        print the plan JSON Schema
  release-cockpit status PLAN --run NAME [--json]               where a run stands
  release-cockpit mark PLAN --run NAME STEP (--done|--skip|--failed) [--note TEXT]
  release-cockpit report PLAN --run NAME [--format md|json] [--out FILE]
  release-cockpit force-unlock PLAN --run NAME LOCK_ID
  release-cockpit prune PLAN --run NAME                         remove what the run left on its hosts
  release-cockpit run PLAN --run NAME --headless [--answers FILE] [--var NAME=VALUE]... [--dry-run]
  release-cockpit signoff PLAN --run NAME (STEP | --rollback) [--role ROLE] [--note TEXT]
  release-cockpit agenda [--days N] [--json] [--now ISO]      what is due across the runs
  release-cockpit import RUNBOOK.md                            a Markdown runbook → plan YAML on stdout

global options:
  --state-dir DIR    where runs live (default: per-user; env RELEASE_COCKPIT_STATE_DIR)
  --operator NAME    who you are in the journal (default: the login user)
  --lang en|ru       interface language (default: from LANG; a report: the plan's)
  -h, --help         this help
  -V, --version      the version

exit codes: 0 ok, 1 a step or the command failed, 2 bad input, 3 waiting for the operator,
            4 locked by another operator`;

/** The bundle has its package.json beside it (dist/ runs alone); the sources have it one up. */
function version(): string {
  for (const where of ['./package.json', '../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(where, import.meta.url), 'utf8')) as { version?: string };
      if (pkg.version) return pkg.version;
    } catch {
      // not here: try the next place
    }
  }
  return 'unknown';
}

/** Pull the global options out wherever they stand, leave the rest in order. */
export function splitGlobal(argv: string[]): {
  global: GlobalOptions;
  rest: string[];
  help: boolean;
  version: boolean;
} {
  const global: GlobalOptions = {
    stateDir: process.env.RELEASE_COCKPIT_STATE_DIR || undefined,
    operator: undefined,
    lang: undefined,
  };
  const rest: string[] = [];
  let help = false;
  let showVersion = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [name, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const key = ({ '--state-dir': 'stateDir', '--operator': 'operator', '--lang': 'lang' } as const)[
      name as '--state-dir'
    ];
    if (key) {
      const value = inline ?? argv[++i];
      if (value === undefined || value === '') throw new UserError(`option ${name} needs a value`);
      global[key] = value;
    } else if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    } else if (arg === '-h' || arg === '--help') help = true;
    else if (arg === '-V' || arg === '--version') showVersion = true;
    else rest.push(arg);
  }
  return { global, rest, help, version: showVersion };
}

export async function main(argv: string[]): Promise<number> {
  const { global, rest, help, version: wantsVersion } = splitGlobal(argv);
  if (wantsVersion) {
    process.stdout.write(`${version()}\n`);
    return EXIT.ok;
  }
  const first = rest[0];
  const name = first !== undefined && first in COMMANDS ? first : 'cockpit';
  const args = name === first ? rest.slice(1) : rest;
  if (help) {
    process.stdout.write(`${HELP}\n`);
    return EXIT.ok;
  }
  if (
    name === 'cockpit' &&
    first !== undefined &&
    !first.startsWith('-') &&
    !/\.ya?ml$/i.test(first) &&
    !first.includes('/')
  ) {
    throw new UserError(`unknown command "${first}" (see release-cockpit --help)`);
  }
  const load = COMMANDS[name] as () => Promise<{ default: Command }>;
  const command = (await load()).default;
  return command({ args, global, stdout: process.stdout, stderr: process.stderr });
}

function report(error: unknown): number {
  if (error instanceof ProblemsError) {
    for (const line of error.lines) process.stderr.write(`${line}\n`);
    return error.exitCode;
  }
  if (error instanceof UserError) {
    process.stderr.write(`release-cockpit: ${error.message}\n`);
    return error.exitCode;
  }
  // Never a stack trace for the user; RC_DEBUG=1 shows it for us.
  if (process.env.RC_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  process.stderr.write(`release-cockpit: internal error: ${errorMessage(error)}\n`);
  return EXIT.failure;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = report(error);
  },
);
