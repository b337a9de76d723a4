// Runs a plan step's bash the way the runner does (`bash -e -o pipefail script.sh`, values as
// environment variables, nothing spliced into the text), for tests that execute bundled plans.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The flags the runner gives a step's script (src/runner/wrapper.ts, SCRIPT_BASH_FLAGS). */
const SCRIPT_BASH_FLAGS = ['-e', '-o', 'pipefail'];

export interface ShellResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runStepScript(
  script: string,
  options: { cwd: string; env: Record<string, string>; scriptDir: string; input?: string },
): ShellResult {
  mkdirSync(options.scriptDir, { recursive: true });
  const file = path.join(options.scriptDir, `script-${Date.now()}-${Math.random().toString(36).slice(2)}.sh`);
  writeFileSync(file, script);
  const result = spawnSync('bash', ['--noprofile', '--norc', ...SCRIPT_BASH_FLAGS, file], {
    cwd: options.cwd,
    env: options.env,
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Programs of GNU coreutils a demo step may use; with bash, all a demo machine is promised. */
const COREUTILS = [
  'basename',
  'cat',
  'chmod',
  'cp',
  'cut',
  'date',
  'dirname',
  'echo',
  'env',
  'false',
  'head',
  'id',
  'ln',
  'ls',
  'mkdir',
  'mktemp',
  'mv',
  'printf',
  'rm',
  'seq',
  'sleep',
  'sort',
  'stat',
  'tail',
  'tee',
  'test',
  'timeout',
  'touch',
  'tr',
  'true',
  'uname',
  'uniq',
  'wc',
];

/** A directory holding only bash and coreutils, to be the whole PATH of a step. */
export function bashAndCoreutilsPath(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const searchPath = (process.env.PATH ?? '/usr/bin:/bin').split(path.delimiter);
  for (const name of ['bash', ...COREUTILS]) {
    const found = searchPath
      .map((entry) => path.join(entry, name))
      .find((candidate) => existsSync(candidate));
    if (found) symlinkSync(found, path.join(dir, name));
  }
  return dir;
}
