import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('cli', () => {
  it('prints help and exits 0', () => {
    const result = runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^release-cockpit/);
    expect(result.stdout).toContain('validate PLAN');
  });

  it('prints the package version', () => {
    const result = runCli(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('rejects an unknown command with one line and exit 2', () => {
    const result = runCli(['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('unknown command "frobnicate"');
  });

  it('rejects a global option without its value', () => {
    const result = runCli(['status', '--state-dir']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--state-dir needs a value');
  });
});

describe('the cockpit command', () => {
  it('refuses without a terminal: one line, exit 2', () => {
    const result = runCli([]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('needs a terminal');
  });

  it('--run needs a PLAN', () => {
    const result = runCli(['--run', 'x']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--run needs a PLAN');
  });
});
