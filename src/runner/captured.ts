// Short commands whose output the cockpit needs right away (gate polls, verify, capture): run
// attached, in their own process group (a timeout or abort kills the whole group), with the
// same allow-listed environment as a step. Output is kept up to maxBytes; the rest is counted
// and dropped, so a chatty command cannot grow the cockpit's memory. Uses node's spawn rather
// than zx because zx keeps every chunk of output in memory.
import { spawn } from 'node:child_process';
import { buildStepEnv } from './env.js';
import { SCRIPT_BASH_FLAGS } from './wrapper.js';

export interface RunCapturedOptions {
  env: Record<string, string>;
  cwd?: string;
  /** TERM to the group at the deadline, KILL 2 s later. */
  timeoutMs?: number;
  /** Output kept (stdout and stderr interleaved as they arrive); default 64 KiB. */
  maxBytes?: number;
  signal?: AbortSignal;
}

export interface CapturedResult {
  /** null when killed by a signal (timeout, abort). */
  exitCode: number | null;
  signal: string | null;
  output: string;
  truncated: boolean;
  timedOut: boolean;
}

export function runCaptured(script: string, opts: RunCapturedOptions): Promise<CapturedResult> {
  const env = buildStepEnv(opts.env);
  const maxBytes = opts.maxBytes ?? 65_536;
  return new Promise((resolve, reject) => {
    // The script is one argv entry of bash -c: never re-parsed, and values stay in env.
    const child = spawn(
      '/bin/bash',
      ['--noprofile', '--norc', ...SCRIPT_BASH_FLAGS, '-c', script, 'rc-step'],
      {
        cwd: opts.cwd ?? process.cwd(),
        env,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const chunks: Buffer[] = [];
    let kept = 0;
    let truncated = false;
    let timedOut = false;
    const collect = (chunk: Buffer) => {
      if (kept >= maxBytes) {
        truncated = true;
        return;
      }
      const part = chunk.subarray(0, maxBytes - kept);
      if (part.length < chunk.length) truncated = true;
      chunks.push(Buffer.from(part));
      kept += part.length;
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);

    let killTimer: NodeJS.Timeout | null = null;
    const stop = () => {
      killGroup(child.pid, 'SIGTERM');
      killTimer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), 2000);
    };
    const deadline =
      opts.timeoutMs === undefined
        ? null
        : setTimeout(() => {
            timedOut = true;
            stop();
          }, opts.timeoutMs);
    const onAbort = () => stop();
    opts.signal?.addEventListener('abort', onAbort);
    if (opts.signal?.aborted) stop();

    child.once('error', (error) => {
      cleanup();
      reject(error);
    });
    child.once('close', (code, signal) => {
      cleanup();
      resolve({
        exitCode: code,
        signal,
        output: Buffer.concat(chunks).toString('utf8'),
        truncated,
        timedOut,
      });
    });
    function cleanup() {
      if (deadline) clearTimeout(deadline);
      if (killTimer) clearTimeout(killTimer);
      opts.signal?.removeEventListener('abort', onAbort);
    }
  });
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}
