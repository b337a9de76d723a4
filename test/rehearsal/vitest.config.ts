// `npm run rehearse`: the architecture-2.0 plan, headless, against the environment that
// `npm run rehearse:up` started (test/rehearsal/env). Not part of `npm test`: it needs root, a
// few minutes and the environment; .ci/run brings the environment up, runs this, takes it down.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/rehearsal/*.rehearsal.ts'],
    // The scenarios share the hosts: one after the other, each within its own budget.
    fileParallelism: false,
    sequence: { concurrent: false },
    testTimeout: 10 * 60_000,
    hookTimeout: 5 * 60_000,
    // The headless run's lines stream as they come: a rehearsal is watched.
    disableConsoleIntercept: true,
    reporters: ['verbose'],
    env: { CI: 'false', CONTINUOUS_INTEGRATION: 'false' },
  },
});
