// Following many hosts (issue #14): one step on 50 ssh aliases, all to a throwaway sshd on
// 127.0.0.1, each alias spelling 127.0.0.1 differently (127.0.0.01, 127.0.0.001, …) so each gets
// its own ssh master, as distinct hosts would. Two figures: how much longer the step takes than
// the slowest host's own command (the follower's cost: start, follow, exit records), and how
// many ssh handshakes the server accepted (one master per host: about one per host, however
// long the step runs and however often the follower polls the remote log).
//   part of `npm run bench`; alone: npx tsc -p tsconfig.bench.json && node dist-bench/test/bench/remote-bench.js
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startAttempt } from '../../src/runner/start.js';
import { sshdUnavailable, startSshd } from '../helpers/sshd.js';
import { hasRecord, median, nowMs, pollUntil, round, writtenAtMs } from './stats.js';

export interface RemoteFigures {
  hosts: number;
  /** Step wall time (start call to exit.json) minus the slowest host's command, median ms. */
  remote_follow_extra_ms: number;
  /** Connections sshd accepted for one step, median. */
  remote_ssh_handshakes: number;
  remote_command_s: number;
  /** From the start call to the last host's command starting (handshakes and starts), median ms. */
  remote_last_start_ms: number;
  /** From the last host's command ending to the step's exit record, median ms. */
  remote_end_lag_ms: number;
  samples_extra_ms: number[];
  samples_handshakes: number[];
}

/** The command on each host: its own start and end (epoch seconds, ns) around a sleep. */
function hostScript(seconds: number): string {
  return `echo "start $(date +%s.%N)"\nfor i in $(seq 1 ${seconds * 2}); do echo "tick $i"; sleep 0.5; done\necho "end $(date +%s.%N)"\n`;
}

/** The command's own start and end on the host (epoch seconds). */
function commandSpan(log: string): { start: number; end: number } {
  return { start: Number(/^start (\S+)$/m.exec(log)?.[1]), end: Number(/^end (\S+)$/m.exec(log)?.[1]) };
}

export async function remoteFollowBench(opts: {
  quick: boolean;
  progress: (text: string) => void;
}): Promise<RemoteFigures | { skipped: string }> {
  const unavailable = sshdUnavailable();
  if (unavailable) return { skipped: unavailable };
  const hosts = Array.from({ length: opts.quick ? 5 : 50 }, (_, i) => `h${String(i + 1).padStart(2, '0')}`);
  const hostNames = hosts.map((_, i) => `127.0.0.${'0'.repeat(i)}1`);
  const repetitions = opts.quick ? 1 : 3;
  const seconds = opts.quick ? 2 : 10;
  const sshd = await startSshd(hosts, { hostNames });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-remote-bench-'));
  const extra: number[] = [];
  const handshakes: number[] = [];
  const lastStart: number[] = [];
  const endLag: number[] = [];
  try {
    for (let n = 0; n < repetitions; n++) {
      opts.progress(
        `remote ${n + 1}/${repetitions}: one ${seconds} s step followed on ${hosts.length} ssh hosts`,
      );
      closeMasters(sshd.configFile);
      const before = sshd.accepted();
      const dir = path.join(work, 'runs', 'bench', `r${n}`, 'attempts', 'deploy', '1');
      const start = nowMs();
      const startEpochMs = Date.now();
      await startAttempt({
        attemptDir: dir,
        script: hostScript(seconds),
        env: {},
        hosts,
        ssh: { configFile: sshd.configFile },
        remote: { concurrency: hosts.length },
      });
      const exitFile = path.join(dir, 'exit.json');
      await pollUntil(() => (hasRecord(exitFile) ? true : undefined), 'exit.json', {
        intervalMs: 50,
        timeoutMs: 300_000,
      });
      const wall = writtenAtMs(exitFile) - start;
      const exitEpochMs = fs.statSync(exitFile).mtimeMs;
      const exit = JSON.parse(fs.readFileSync(exitFile, 'utf8')) as { exitCode: number | null };
      if (exit.exitCode !== 0)
        throw new Error(`the remote bench step failed: ${fs.readFileSync(path.join(dir, 'log'), 'utf8')}`);
      const spans = hosts.map((host) =>
        commandSpan(fs.readFileSync(path.join(dir, 'hosts', host, 'log'), 'utf8')),
      );
      const slowest = Math.max(...spans.map((span) => span.end - span.start));
      extra.push(wall - slowest * 1000);
      lastStart.push(Math.max(...spans.map((span) => span.start)) * 1000 - startEpochMs);
      endLag.push(exitEpochMs - Math.max(...spans.map((span) => span.end)) * 1000);
      handshakes.push(sshd.accepted() - before);
    }
  } finally {
    closeMasters(sshd.configFile);
    await sshd.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
  return {
    hosts: hosts.length,
    remote_follow_extra_ms: Math.round(median(extra)),
    remote_ssh_handshakes: median(handshakes),
    remote_command_s: seconds,
    remote_last_start_ms: Math.round(median(lastStart)),
    remote_end_lag_ms: Math.round(median(endLag)),
    samples_extra_ms: extra.map((value) => round(value, 1)),
    samples_handshakes: handshakes,
  };
}

/** The masters of earlier repetitions, so each step pays its own handshakes. */
function closeMasters(configFile: string): void {
  const ps = execFileSync('ps', ['-eo', 'pid=,comm=,args='], { encoding: 'utf8' });
  for (const line of ps.split('\n')) {
    const [pid, comm, ...args] = line.trim().split(/\s+/);
    if (comm !== 'ssh' || !args.includes(configFile)) continue;
    try {
      process.kill(Number(pid), 'SIGTERM');
    } catch {
      // Gone meanwhile.
    }
  }
}

export function renderRemote(figures: RemoteFigures | { skipped: string }): string {
  if ('skipped' in figures) return `\nremote hosts: skipped (${figures.skipped})\n`;
  return [
    '',
    `remote hosts: one ${figures.remote_command_s} s step on ${figures.hosts} ssh aliases of a loopback sshd, all at once`,
    `  remote_follow_extra_ms  ${figures.remote_follow_extra_ms}  (step wall time over the slowest host's command; samples ${figures.samples_extra_ms.join(', ')})`,
    `  of which: ${figures.remote_last_start_ms} ms until the last host's command started (handshakes and starts, both ends on this machine), ${figures.remote_end_lag_ms} ms from the last command's end to the step's exit record`,
    `  remote_ssh_handshakes   ${figures.remote_ssh_handshakes}  (connections sshd accepted per step; about one per host is the goal; samples ${figures.samples_handshakes.join(', ')})`,
    '',
  ].join('\n');
}

if (process.argv[1]?.endsWith('remote-bench.js')) {
  const quick = process.argv.includes('--quick');
  remoteFollowBench({ quick, progress: (text) => process.stderr.write(`bench: ${text}\n`) }).then(
    (figures) => process.stdout.write(renderRemote(figures)),
    (error: unknown) => {
      process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
