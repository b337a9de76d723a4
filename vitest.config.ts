// Three projects, one suite (`npm test` runs them all after a build):
// - unit: plan, journal, report, session (fake process layer) and UI models and screens, from
//   the TypeScript sources, no build, no tmux, no sshd: `npm run test:unit`, in seconds;
// - integration: the built CLI, real step processes, tmux and sshd;
// - faults: the slow fault tests (a crash loop, the bench smoke run).
// Every test file belongs to exactly one: integration is whatever is neither unit nor faults.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

/** Directories whose tests are unit tests, except the files in NOT_UNIT. */
const UNIT_DIRS = [
  'test/plan/',
  'test/plans/',
  'test/journal/',
  'test/report/',
  'test/session/',
  'test/ui/',
  'test/schedule/',
];

/** In a unit directory but needing the build, real step processes, tmux or sshd, or minutes. */
const NOT_UNIT = [
  'test/plan/broken-plans.test.ts', // the built CLI over the whole corpus
  'test/plan/schema-command.test.ts', // the built CLI
  'test/plans/architecture-steps.test.ts', // real git and migration steps
  'test/plans/bundled-plans.test.ts', // the built CLI validates the shipped plans
  'test/plans/demo-runs.test.ts', // every demo command run by bash
  'test/plans/demo-session.test.ts', // the demo through the real runner
  'test/journal/lock.test.ts', // processes on the built journal
  'test/report/lang.test.ts', // the built CLI's report command
  'test/session/session.test.ts', // real steps and the built CLI
  'test/session/hangup.test.ts', // tmux
  'test/session/remote.test.ts', // sshd
  'test/session/start-window.test.ts', // real wrappers killed mid-start
  'test/ui/lines-box.test.tsx', // a heap-growth measurement over thousands of frames
];

const FAULTS = ['test/journal/crash.test.ts', 'test/benchsmoke/bench-smoke.test.ts'];

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return file === 'test/bench' || entry.name === 'fixtures' ? [] : testFiles(file);
    return /\.test\.tsx?$/.test(entry.name) ? [file] : [];
  });
}

const all = testFiles('test');
const unit = all.filter(
  (file) =>
    UNIT_DIRS.some((dir) => file.startsWith(dir)) && !NOT_UNIT.includes(file) && !FAULTS.includes(file),
);
const integration = all.filter((file) => !unit.includes(file) && !FAULTS.includes(file));

/** CI as the caller set it: the tests themselves run with CI=false (see env below). */
const ci = ['true', '1'].includes((process.env.CI ?? '').toLowerCase());

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // e2e tests drive real ptys and processes; keep the 2-core machine from thrashing.
    maxWorkers: 2,
    // CI=true (as CI sets it) makes ink draw only its last frame; the suite tests live frames,
    // the same on a laptop and in CI. Child processes (the cockpit in tmux) inherit this too.
    // RC_TEST_CI keeps what CI meant for the tests: a missing tmux or sshd fails there.
    env: { CI: 'false', CONTINUOUS_INTEGRATION: 'false', RC_TEST_CI: ci ? '1' : '' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: unit,
          env: { RC_TEST_PROJECT: 'unit' },
          isolate: false,
          pool: 'threads',
        },
      },
      { extends: true, test: { name: 'integration', include: integration } },
      { extends: true, test: { name: 'faults', include: FAULTS } },
    ],
  },
});
