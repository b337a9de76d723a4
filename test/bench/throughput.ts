// Output throughput and what it costs the cockpit: the same command printing N bytes
//   (a) through the runner while the cockpit tails it live in a 120×40 tmux pane,
//   (b) through the runner alone: startAttempt from this process, no cockpit,
//   (c) redirected to a file by bash,
//   (d) straight into a tmux pane of the same size (what an operator does today).
// For (a) also the bytes the cockpit wrote to its terminal and its peak resident memory.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startAttempt } from '../../src/runner/start.js';
import {
  attemptOf,
  type CockpitTarget,
  openCockpit,
  openRunDialog,
  readJson,
  selectedRow,
  toMainScreen,
  waitForScreen,
} from './cockpit.js';
import { BIG_STEP_TITLE, commandPlan, printBytesCommand, writePlan } from './fixtures.js';
import { cpuMs, hasRecord, memoryMb, nowMs, pollUntil, sleep, writtenAtMs } from './stats.js';
import type { Tmux } from './tmux.js';

export interface CockpitStepSample {
  /** Confirming key press to exit.json on disk. */
  wallMs: number;
  /** The wrapper's own start (pid.json) to end (exit.json) timestamps. */
  wrapperMs: number;
  /** Confirming key press to the command started (pid.json's start time). */
  startMs: number;
  /** exit.json to the frame that shows the step succeeded. */
  displayLagMs: number;
  ttyBytes: number;
  peakRssMb: number;
  /** CPU ms the cockpit used from the key to the final frame. */
  cpuMs: number;
  exitCode: number | null;
}

/** Run the big step of a fresh run in the cockpit and measure it. */
export async function cockpitStep(
  tmux: Tmux,
  base: { workDir: string; stateDir: string },
  bytes: number,
  run: string,
): Promise<CockpitStepSample> {
  const planId = `bench-out-${bytes}`;
  const planFile = writePlan(base.workDir, planId, commandPlan(planId, printBytesCommand(bytes), 2));
  const target: CockpitTarget = { ...base, planFile, planId, run };
  const cockpit = await openCockpit(tmux, target);
  try {
    await toMainScreen(tmux, cockpit.pane);
    if (!selectedRow(tmux.capture(cockpit.pane))?.includes(BIG_STEP_TITLE))
      throw new Error('the big step is not selected when the run opens');
    const ttyFile = path.join(base.workDir, `${run}.tty`);
    await openRunDialog(tmux, cockpit.pane);
    tmux.pipeTo(cockpit.pane, ttyFile);
    const attempt = attemptOf(target, 'big');
    const exitFile = path.join(attempt, 'exit.json');
    const cpuBefore = cpuMs(cockpit.pid);
    const start = nowMs();
    const keyEpochMs = Date.now();
    tmux.keys(cockpit.pane, 'Enter');
    const endedAt = await exitRecordedAt(exitFile);
    const shown = await waitForScreen(
      tmux,
      cockpit.pane,
      (screen) => screen.includes(`✔ ${BIG_STEP_TITLE}`),
      'the step shown as succeeded',
      60_000,
    );
    await sleep(300);
    tmux.stopPipe(cockpit.pane);
    const memory = memoryMb(cockpit.pid);
    const pid = readJson<{ startedAt: string }>(path.join(attempt, 'pid.json'));
    const exit = readJson<{ endedAt: string; exitCode: number | null }>(exitFile);
    const logBytes = fs.statSync(path.join(attempt, 'log')).size;
    if (logBytes !== bytes) throw new Error(`the log holds ${logBytes} bytes, expected ${bytes}`);
    const sample: CockpitStepSample = {
      wallMs: endedAt - start,
      wrapperMs: pid && exit ? Date.parse(exit.endedAt) - Date.parse(pid.startedAt) : Number.NaN,
      startMs: pid ? Date.parse(pid.startedAt) - keyEpochMs : Number.NaN,
      displayLagMs: shown.at - endedAt,
      ttyBytes: fs.statSync(ttyFile).size,
      peakRssMb: memory?.peak ?? Number.NaN,
      cpuMs: cpuMs(cockpit.pid) - cpuBefore,
      exitCode: exit?.exitCode ?? null,
    };
    fs.rmSync(ttyFile, { force: true });
    fs.rmSync(path.join(attempt, 'log'), { force: true });
    return sample;
  } finally {
    tmux.killWindow(cockpit.pane);
  }
}

/** When the attempt's exit record was written, waited for at a pace that spares the step. */
async function exitRecordedAt(exitFile: string): Promise<number> {
  await pollUntil(() => (hasRecord(exitFile) ? true : undefined), 'exit.json', {
    intervalMs: 25,
    timeoutMs: 300_000,
  });
  return writtenAtMs(exitFile);
}

let runnerAttempts = 0;

/**
 * The command through the runner alone: startAttempt (wrapper, lock, detached start, exit
 * record) from this process, without a cockpit; ms from the call to exit.json's write.
 */
export async function throughRunner(workDir: string, command: string, bytes?: number): Promise<number> {
  runnerAttempts += 1;
  const dir = path.join(workDir, 'runner', String(runnerAttempts));
  const exitFile = path.join(dir, 'exit.json');
  const start = nowMs();
  await startAttempt({ attemptDir: dir, script: `${command}\n`, env: {} });
  const ms = (await exitRecordedAt(exitFile)) - start;
  const exit = readJson<{ exitCode: number | null }>(exitFile);
  const logBytes = fs.statSync(path.join(dir, 'log')).size;
  if (exit?.exitCode !== 0 || (bytes !== undefined && logBytes !== bytes))
    throw new Error(`the runner baseline failed (exit ${exit?.exitCode}, ${logBytes} bytes)`);
  fs.rmSync(dir, { recursive: true, force: true });
  return ms;
}

/** bash running `command` from this process (what one short step costs without the runner). */
export async function throughBash(command: string): Promise<number> {
  const start = nowMs();
  const code = await runBash(['-c', command]);
  if (code !== 0) throw new Error(`bash -c ${command} failed (exit ${code})`);
  return nowMs() - start;
}

/** bash without start-up files, given a script file or `-c TEXT`; resolves to its exit status. */
function runBash(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', ...args], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? -1));
  });
}

/** bash running the command with its output redirected to a file. */
export async function toFile(workDir: string, bytes: number): Promise<number> {
  const out = path.join(workDir, 'to-file.out');
  const script = path.join(workDir, 'to-file.sh');
  fs.writeFileSync(script, `${printBytesCommand(bytes)} >> '${out}'\n`);
  fs.rmSync(out, { force: true });
  const start = nowMs();
  const code = await runBash([script]);
  const ms = nowMs() - start;
  if (code !== 0 || fs.statSync(out).size !== bytes)
    throw new Error(`to-file baseline failed (exit ${code})`);
  fs.rmSync(out, { force: true });
  return ms;
}

/** The command printing straight into a fresh tmux pane of the bench size; until it signals. */
export async function toTmuxPane(tmux: Tmux, workDir: string, bytes: number, tag: string): Promise<number> {
  const channel = `bench-raw-${tag}`;
  const script = path.join(workDir, `raw-${tag}.sh`);
  fs.writeFileSync(
    script,
    `${printBytesCommand(bytes)}\ntmux -L '${tmux.socket}' wait-for -S '${channel}'\n`,
  );
  const done = tmux.waitFor(channel);
  const start = nowMs();
  const pane = tmux.window(`bash --noprofile --norc '${script}'`);
  await done;
  const ms = nowMs() - start;
  tmux.killWindow(pane);
  return ms;
}
