// Runs the fixture scripts (on dist/) as real processes and collects what they acknowledged.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/scripted-run.mjs');

export interface ScriptResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Every seq known durable when the process last spoke: opened-at seq, then each "ack". */
  acked: number[];
  sums: Map<number, string>;
  mode: string | null;
  stdout: string;
  stderr: string;
}

export function parseOutput(stdout: string): Pick<ScriptResult, 'acked' | 'sums' | 'mode'> {
  const acked: number[] = [];
  const sums = new Map<number, string>();
  let mode: string | null = null;
  for (const line of stdout.split('\n')) {
    const [word, a, b] = line.split(' ');
    if (word === 'mode') {
      mode = a ?? null;
      for (let seq = 1; seq <= Number(b); seq++) acked.push(seq);
    } else if (word === 'ack') {
      acked.push(Number(a));
      sums.set(Number(a), b ?? '');
    }
  }
  return { acked, sums, mode };
}

export function runScript(
  stateDir: string,
  run: string,
  mode: string,
  env: NodeJS.ProcessEnv = {},
  user?: string,
): ScriptResult {
  const result = spawnSync(process.execPath, [SCRIPT, stateDir, run, mode, ...(user ? [user] : [])], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return {
    code: result.status,
    signal: result.signal,
    stdout: result.stdout,
    stderr: result.stderr,
    ...parseOutput(result.stdout),
  };
}

/** runScript without blocking: several crash cases can run side by side. */
export function runScriptAsync(
  stateDir: string,
  run: string,
  mode: string,
  env: NodeJS.ProcessEnv = {},
): Promise<ScriptResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SCRIPT, stateDir, run, mode], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, ...parseOutput(stdout) }));
  });
}

/** Run `tasks` with at most `limit` at once. */
export async function inBatches<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await (tasks[index] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

export function startScript(
  stateDir: string,
  run: string,
  mode: string,
  user?: string,
  env: NodeJS.ProcessEnv = {},
): { child: ChildProcess; output: () => string; done: Promise<void> } {
  const child = spawn(process.execPath, [SCRIPT, stateDir, run, mode, ...(user ? [user] : [])], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.resume();
  const done = new Promise<void>((resolve) => child.on('close', () => resolve()));
  return { child, output: () => stdout, done };
}
