// Runs the built CLI (dist/cli.js) as a real process: what a user or a script sees.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(ROOT, 'dist/cli.js');

/** Why the built CLI cannot run in this test, or null. */
export function builtCliMissing(): string | null {
  if (process.env.RC_TEST_PROJECT === 'unit') {
    return 'the unit project runs without a build: a test of the built CLI belongs to integration (vitest.config.ts)';
  }
  return existsSync(CLI) ? null : `${CLI} is missing: npm run -s build first (npm test builds)`;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {},
): CliResult {
  const missing = builtCliMissing();
  if (missing) throw new Error(missing);
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
