// The bench itself runs (`npm run bench -- --quick --json` on tiny sizes) and prints one JSON
// object with every figure the issue names. Timings are never asserted: only that each figure
// was measured (a finite number) and the goals' inputs are consistent.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { describeWhere, tmuxMissing } from '../helpers/tools.js';

const KEYS = [
  'throughput_ratio_vs_file',
  'throughput_ratio_vs_tmux_raw',
  'tty_bytes_per_output_mb',
  'rss_mb_20mb_output',
  'rss_mb_200mb_output',
  'first_frame_ms',
  'first_full_frame_ratio_vs_hello_ink',
  'key_latency_ms_p95',
  'resume_100k_ratio_vs_hello_ink',
  'resume_1m_ratio_vs_100k',
  'start_screen_ratio_vs_hello_ink',
  'append_us_at_100',
  'append_us_at_100k',
  'nav_ms_1000_steps',
];

describeWhere(tmuxMissing())('npm run bench -- --quick --json', () => {
  beforeAll(() => {
    execFileSync(
      process.execPath,
      [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.bench.json'],
      {
        cwd: ROOT,
        stdio: 'pipe',
      },
    );
    // The runner's shell programs beside the compiled runner, as `npm run bench` copies them.
    rmSync(path.join(ROOT, 'dist-bench/src/runner/sh'), { recursive: true, force: true });
    cpSync(path.join(ROOT, 'src/runner/sh'), path.join(ROOT, 'dist-bench/src/runner/sh'), {
      recursive: true,
    });
  }, 180_000);

  it('prints one JSON object with every figure measured', { timeout: 600_000 }, () => {
    const result = spawnSync(process.execPath, ['dist-bench/test/bench/main.js', '--quick', '--json'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 540_000,
    });
    expect(result.stderr).toContain('bench: throughput');
    expect(result.status, result.stderr).toBe(0);
    const figures = JSON.parse(result.stdout) as Record<string, unknown>;
    for (const key of KEYS) {
      expect(typeof figures[key], key).toBe('number');
      expect(Number.isFinite(figures[key]), key).toBe(true);
    }
    expect(figures.quick).toBe(true);
    // Replaced names stay out of the JSON.
    for (const gone of ['key_latency_ms_p50', 'resume_ms', 'first_frame_ratio_vs_hello_ink'])
      expect(figures, gone).not.toHaveProperty(gone);
    expect((figures.context as Record<string, unknown>).key_presses).toBe(4);
    // The cockpit really ran the step and drew frames while it did.
    expect(figures.tty_bytes_per_output_mb as number).toBeGreaterThan(0);
    expect(figures.rss_mb_20mb_output as number).toBeGreaterThan(10);
  });

  it('rejects an unknown option with exit 2', () => {
    const result = spawnSync(process.execPath, ['dist-bench/test/bench/main.js', '--fast'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown option --fast');
  });
});
