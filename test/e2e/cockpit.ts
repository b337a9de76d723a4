// Shared setup for the end-to-end tests: the real cockpit (node dist/cli.js) in a tmux pty, a
// temporary state directory, and the CLI's own status/report commands to check what the
// screen claims against what is on disk.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLI, ROOT, runCli } from '../helpers/cli.js';
import { Terminal } from './tmux.js';

export const DEMO_PLAN = 'plans/demo.yaml';

export interface StepStatus {
  id: string;
  status: string;
  attempts: number;
  exitCode: number | null;
}

export interface RunStatus {
  lock: { holder?: string; user?: string; pid?: number } | null;
  steps: StepStatus[];
  rollback: unknown;
  journal: { events: number; verified: boolean };
}

export class StateDir {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'rc-e2e-'));

  /** A cockpit killed with its pty may still be writing for a moment (lock, snapshot): retry. */
  async cleanup(): Promise<void> {
    for (let tries = 0; ; tries += 1) {
      try {
        rmSync(this.dir, { recursive: true, force: true });
        return;
      } catch (error) {
        if (tries >= 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  runDir(run: string): string {
    return path.join(this.dir, 'runs', 'demo', run);
  }

  /** The cockpit on the demo plan, as an operator starts it from a fresh clone. */
  openCockpit(
    run: string,
    options: { cols: number; rows: number; operator: string; vars?: string[] },
  ): Terminal {
    const vars = (options.vars ?? []).flatMap((v) => ['--var', v]);
    return Terminal.start({
      cols: options.cols,
      rows: options.rows,
      cwd: ROOT,
      env: { TERM: 'xterm-256color', LANG: 'C.UTF-8' },
      argv: [
        process.execPath,
        CLI,
        '--state-dir',
        this.dir,
        '--operator',
        options.operator,
        DEMO_PLAN,
        '--run',
        run,
        ...vars,
      ],
    });
  }

  /** `release-cockpit` with no plan: the start screen over ./plans and this state dir. */
  openStart(options: { cols: number; rows: number; operator: string }): Terminal {
    return Terminal.start({
      cols: options.cols,
      rows: options.rows,
      cwd: ROOT,
      env: { TERM: 'xterm-256color', LANG: 'C.UTF-8' },
      argv: [process.execPath, CLI, '--state-dir', this.dir, '--operator', options.operator],
    });
  }

  status(run: string): RunStatus {
    const result = runCli(['status', DEMO_PLAN, '--run', run, '--json', '--state-dir', this.dir]);
    if (result.code !== 0) throw new Error(`status exited ${result.code}: ${result.stderr}`);
    return JSON.parse(result.stdout) as RunStatus;
  }

  step(run: string, id: string): StepStatus {
    const step = this.status(run).steps.find((s) => s.id === id);
    if (!step) throw new Error(`no step ${id} in status`);
    return step;
  }

  /** Journal event types with their step, in order ("step.started:build"). */
  journalEvents(run: string): string[] {
    return readFileSync(path.join(this.runDir(run), 'journal.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as { type: string; step?: string })
      .map((record) => `${record.type}:${record.step ?? ''}`);
  }

  readRunFile(run: string, relative: string): string {
    return readFileSync(path.join(this.runDir(run), relative), 'utf8');
  }
}

/** Polls until `probe` returns a value (not undefined); fails after timeoutMs with `what`. */
export async function eventually<T>(
  probe: () => T | undefined,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${lastError}` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** True when no process with this pid exists (or it is a zombie we cannot signal). */
export function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}
