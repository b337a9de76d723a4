// zx reads ZX_* variables from the environment when it is imported, and bash sources BASH_ENV:
// a fresh node process with hostile ones set must still start the step exactly as designed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT, readText, tempDir } from './util.js';

const fixture = path.join(ROOT, 'test/runner/fixtures/start-once.mjs');

describe('the pinned zx preset', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it('ignores ZX_PREFIX, ZX_POSTFIX, ZX_SHELL, ZX_CWD, ZX_VERBOSE and BASH_ENV of the cockpit', () => {
    const dir = tempDir();
    const attemptDir = path.join(dir, 'attempt');
    const injected = path.join(dir, 'injected');
    const bashEnv = path.join(dir, 'bash_env');
    spawnSync('/bin/bash', ['-c', `printf 'touch %q\\n' "$1" > "$2"`, 'x', `${injected}-bash-env`, bashEnv]);
    const result = spawnSync(
      process.execPath,
      [fixture, attemptDir, 'echo "value=$STEP_VALUE"; pwd; exit 5'],
      {
        cwd: dir,
        encoding: 'utf8',
        env: {
          ...process.env,
          ZX_PREFIX: `touch ${injected}-prefix;`,
          ZX_POSTFIX: `; touch ${injected}-postfix`,
          ZX_SHELL: '/bin/sh',
          ZX_CWD: '/',
          ZX_VERBOSE: 'true',
          BASH_ENV: bashEnv,
        },
        timeout: 30_000,
      },
    );
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({ exitCode: 5, timedOut: false });
    // Nothing zx would have logged in verbose mode, nothing injected, the cockpit's cwd kept.
    expect(readText(path.join(attemptDir, 'log'))).toBe(`value=ok\n${dir}\n`);
    for (const suffix of ['prefix', 'postfix', 'bash-env'])
      expect(existsSync(`${injected}-${suffix}`)).toBe(false);
  });
});
