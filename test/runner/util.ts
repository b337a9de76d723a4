// Small helpers shared by the runner tests: temp dirs that clean up, polling for a condition.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { type StartAttemptOptions, startAttempt } from '../../src/runner/start.js';

const made: string[] = [];

/** A fresh directory under os.tmpdir(), removed after the test. */
export function tempDir(prefix = 'rc-runner-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Poll until `check` returns a value other than undefined/false, or fail after timeoutMs. */
export async function waitFor<T>(
  check: () => T | undefined | false,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/**
 * The attempt's wrapper.sh started again on its directory, as a wrapper spawned by a session
 * that died would arrive late (the arguments of a local step without a timeout).
 */
export function wrapperAgain(dir: string) {
  const args = ['main', dir, 'exec', '', '1'];
  return spawnSync('/bin/bash', ['--noprofile', '--norc', path.join(dir, 'wrapper.sh'), ...args], {
    encoding: 'utf8',
  });
}

export const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * Fixtures run in their own node process import dist/: rebuild when a runner source is newer.
 * Test files run in parallel, so the check and the build happen under one flock: a second
 * file never imports dist/ while the first is rewriting it.
 */
export function ensureBuilt(): void {
  // tsc -incremental leaves an output untouched when its content did not change: a stamp file
  // records when the last build ran.
  const check = `
    const fs = require('node:fs'), path = require('node:path');
    const [root, stamp] = process.argv.slice(1);
    const mtime = (file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0);
    const src = path.join(root, 'src/runner');
    const built = path.join(root, 'dist/runner/start.js');
    const newest = Math.max(...fs.readdirSync(src).map((n) => mtime(path.join(src, n))), ...fs.readdirSync(path.join(src, 'sh')).map((n) => mtime(path.join(src, 'sh', n))));
    if (!fs.existsSync(built) || Math.max(mtime(built), mtime(stamp)) < newest) {
      // Type errors elsewhere in the tree must not stop the runner's files from being emitted.
      require('node:child_process').spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root });
      fs.rmSync(path.join(root, 'dist/runner/sh'), { recursive: true, force: true });
      fs.cpSync(path.join(src, 'sh'), path.join(root, 'dist/runner/sh'), { recursive: true });
      fs.writeFileSync(stamp, '');
    }`;
  // Both live in dist/ (build output, ignored by git), so nothing is left in the temp dir.
  const dist = path.join(ROOT, 'dist');
  mkdirSync(dist, { recursive: true });
  const stamp = path.join(dist, '.runner-tests-built');
  const lock = path.join(dist, '.runner-tests-build.lock');
  spawnSync('flock', [lock, process.execPath, '-e', check, ROOT, stamp], { stdio: 'ignore' });
}

/** An attempt directory of a fresh state dir, as the session lays it out. */
export function attemptDir(): string {
  return path.join(tempDir(), 'runs', 'plan', 'run', 'attempts', 'deploy', '1');
}

/** Start `script` on `hosts` through the ssh config of a test sshd (reconnecting for a minute). */
export function startOnHosts(
  configFile: string,
  dir: string,
  script: string,
  hosts: string[],
  extra: Partial<StartAttemptOptions> = {},
) {
  return startAttempt({
    attemptDir: dir,
    script,
    env: {},
    hosts,
    ssh: { configFile },
    ...extra,
    remote: { reconnectForMs: 60_000, ...extra.remote },
  });
}

export const hostLog = (dir: string, host: string) => readText(path.join(dir, 'hosts', host, 'log'));
export const hostExit = (dir: string, host: string) =>
  JSON.parse(readText(path.join(dir, 'hosts', host, 'exit.json')));
