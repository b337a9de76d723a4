// Suites that need a tool of the machine (tmux, sshd, the built CLI). Where it is missing a
// laptop skips them with a warning; under CI (RC_TEST_CI, set by vitest.config.ts from the CI
// the suite was started with) the suite is one failing test that says what is missing, so a CI
// machine without the tool can never pass by running less.
import { spawnSync } from 'node:child_process';
import { describe, it } from 'vitest';

export const underCi = process.env.RC_TEST_CI === '1';

/** Why tmux cannot run here, or null. */
export function tmuxMissing(): string | null {
  return spawnSync('tmux', ['-V']).status === 0
    ? null
    : 'tmux is not installed (Debian: apt-get install tmux)';
}

/**
 * `describe` when `missing` is null; otherwise a skipped suite (a warning says why), or under
 * CI a suite whose one test fails with `missing`.
 */
export function describeWhere(missing: string | null): (name: string, body: () => void) => void {
  if (missing === null) return describe;
  if (underCi) {
    return (name) =>
      describe(name, () => {
        it(`needs: ${missing}`, () => {
          throw new Error(`CI=true and ${missing}: install it (.ci/run does) instead of skipping`);
        });
      });
  }
  return (name, body) => {
    console.warn(`skipping "${name}": ${missing}`);
    describe.skip(name, body);
  };
}
