// The shipped build: dist/ copied alone (no node_modules anywhere above it) runs, and the bundle
// is the same bytes when built again from the same sources.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

function digest(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

describe('the bundled build', () => {
  it('runs from a copy of dist/ alone: version, validate, a shell program found beside it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-dist-alone-'));
    try {
      fs.cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true });
      // Only the bundle, its map, sh/, package.json and the bin are what a bastion needs.
      for (const entry of fs.readdirSync(path.join(dir, 'dist'))) {
        if (!['cli.js', 'release-cockpit.js', 'release-cockpit.js.map', 'sh', 'package.json'].includes(entry))
          fs.rmSync(path.join(dir, 'dist', entry), { recursive: true, force: true });
      }
      const cli = path.join(dir, 'dist', 'cli.js');
      const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
      const run = (args: string[]) =>
        spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8' });
      expect(run(['--version']).stdout.trim()).toBe(pkg.version);
      const validate = run(['validate', path.join(ROOT, 'plans', 'demo.yaml')]);
      expect(validate.stderr).toBe('');
      expect(validate.stdout).toContain('demo.yaml: ok');
      // A headless run of a one-step plan starts the wrapper from dist/sh/.
      const plan = path.join(dir, 'one.yaml');
      fs.writeFileSync(
        plan,
        'id: one\ntitle: One\nversion: 1\nlanguage: en\nphases:\n  - id: p\n    title: P\n    window: T0\n    steps:\n      - id: hello\n        kind: command\n        title: Hello\n        run: echo hello from the bundle\n',
      );
      const headless = run(['--state-dir', path.join(dir, 'state'), 'run', plan, '--run', 'r', '--headless']);
      expect(headless.stdout).toContain('plan finished');
      expect(headless.status).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps V8 code in a per-user cache: made at the first exit, used after, never read when others may write it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-code-cache-'));
    try {
      const cacheDir = path.join(dir, 'cache');
      const run = () =>
        spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), '--version'], {
          encoding: 'utf8',
          env: { ...process.env, RELEASE_COCKPIT_CACHE_DIR: cacheDir },
        });
      expect(run().status).toBe(0);
      const [name, ...others] = fs.readdirSync(cacheDir);
      expect(others).toEqual([]);
      const file = path.join(cacheDir, name as string);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(fs.readFileSync(file).subarray(0, 11).toString()).toBe('rcc1 other\n');
      const made = fs.readFileSync(file);
      // Accepted: the next run leaves it as it is.
      expect(run().stdout.trim()).not.toBe('');
      expect(fs.readFileSync(file).equals(made)).toBe(true);
      // Garbage where the cache was: V8 rejects it, the run works and writes a good one.
      fs.writeFileSync(file, 'rcc1 other\nnot code at all');
      expect(run().status).toBe(0);
      expect(fs.readFileSync(file).subarray(0, 11).toString()).toBe('rcc1 other\n');
      expect(fs.readFileSync(file).length).toBeGreaterThan(10_000);
      // Writable by others: never read (V8 would run what it holds), replaced by our own.
      fs.writeFileSync(file, made);
      fs.chmodSync(file, 0o666);
      expect(run().status).toBe(0);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is reproducible: two builds of the same sources are the same bytes', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-build-twice-'));
    try {
      const build = (out: string) => {
        execFileSync(process.execPath, [path.join(ROOT, 'build.mjs'), path.join(dir, out)], { cwd: ROOT });
        return digest(path.join(dir, out, 'release-cockpit.js'));
      };
      expect(build('a')).toBe(build('b'));
      expect(fs.existsSync(path.join(dir, 'a', 'sh', 'wrapper.sh'))).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
