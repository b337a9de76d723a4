import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/bench/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // e2e tests drive real ptys and processes; keep the 2-core machine from thrashing.
    maxWorkers: 2,
    // CI=true (as CI sets it) makes ink draw only its last frame; the suite tests live frames,
    // the same on a laptop and in CI. Child processes (the cockpit in tmux) inherit this too.
    env: { CI: 'false', CONTINUOUS_INTEGRATION: 'false' },
  },
});
