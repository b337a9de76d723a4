// Small helpers shared by the runner tests: temp dirs that clean up, polling for a condition.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

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
  timeoutMs = 10_000,
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

export const ROOT = path.resolve(import.meta.dirname, '../..');

/** Fixtures run in their own node process import dist/: rebuild when a runner source is newer. */
export function ensureBuilt(): void {
  const srcDir = path.join(ROOT, 'src/runner');
  const built = path.join(ROOT, 'dist/runner/start.js');
  const newest = Math.max(
    ...readdirSync(srcDir)
      .filter((name) => name.endsWith('.ts'))
      .map((name) => statSync(path.join(srcDir, name)).mtimeMs),
  );
  if (existsSync(built) && statSync(built).mtimeMs >= newest) return;
  // Type errors elsewhere in the tree must not stop the runner's files from being emitted.
  spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: ROOT,
    },
  );
}
