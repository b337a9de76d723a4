// Figures of the cockpit's screen in a real pty (tmux 120×40): first frame against a minimal ink
// program, key latency while a step floods its log, moving through 1,000 steps, opening a run
// with a long journal, and the start screen over many runs.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  attemptOf,
  CLI,
  type CockpitTarget,
  launch,
  type OpenedCockpit,
  openCockpit,
  openRunDialog,
  readJson,
  selectedRow,
  toMainScreen,
} from './cockpit.js';
import { BIG_STEP_TITLE, manyStepTitle } from './fixtures.js';
import { selectsTitle } from './pane-stream.js';
import { cpuMs, hasRecord, median, memoryMb, nowMs, pollUntil, sleep } from './stats.js';
import type { Tmux } from './tmux.js';

const HELLO_INK = path.join(path.dirname(fileURLToPath(import.meta.url)), 'hello-ink.js');

export interface OpenSample {
  firstFrameMs: number;
  inkFrameMs: number;
  runFrameMs: number;
  runFrameCpuMs: number;
}

/** Open the cockpit on an existing run `repetitions` times (a new window each time). */
export async function openTimes(
  tmux: Tmux,
  target: CockpitTarget,
  repetitions: number,
): Promise<OpenSample[]> {
  const samples: OpenSample[] = [];
  for (let n = 0; n < repetitions; n++) {
    const cockpit = await openCockpit(tmux, target);
    samples.push({
      firstFrameMs: cockpit.firstFrameMs,
      inkFrameMs: cockpit.inkFrameMs,
      runFrameMs: cockpit.runFrameMs,
      runFrameCpuMs: cockpit.runFrameCpuMs,
    });
    await leave(tmux, cockpit.pane, cockpit.pid);
  }
  return samples;
}

/** Leave the cockpit with q and wait for it to go, so the next open finds the lock released. */
async function leave(tmux: Tmux, pane: string, pid: number): Promise<void> {
  tmux.keys(pane, 'q');
  await pollUntil(() => (isAlive(pid) ? undefined : true), 'the cockpit to leave', {
    intervalMs: 10,
    timeoutMs: 10_000,
  }).catch(() => undefined);
  tmux.killWindow(pane);
}

/**
 * ms from start until the start screen (no PLAN, run in `dir` with its ./plans) lists the run
 * `newest` (the first row of the runs, newest activity first), `repetitions` times.
 */
export async function startScreenTimes(
  tmux: Tmux,
  dir: string,
  stateDir: string,
  newest: string,
  repetitions: number,
): Promise<number[]> {
  const samples: number[] = [];
  for (let n = 0; n < repetitions; n++) {
    const { pane, stream, start } = launch(tmux, dir, [
      process.execPath,
      CLI,
      '--state-dir',
      stateDir,
      '--lang',
      'en',
    ]);
    const seen = await stream.waitFor((text) => text.includes(newest), `${newest} listed`, 30_000);
    samples.push(seen - start);
    await leave(tmux, pane, tmux.panePid(pane));
  }
  return samples;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** ms (and CPU ms) from start to the first frame of the minimal ink program. */
export async function helloInkFirstFrame(
  tmux: Tmux,
  workDir: string,
  repetitions: number,
): Promise<{ ms: number; cpuMs: number }[]> {
  const samples: { ms: number; cpuMs: number }[] = [];
  for (let n = 0; n < repetitions; n++) {
    const { pane, stream, start } = launch(tmux, workDir, [process.execPath, HELLO_INK]);
    const seen = await stream.waitFor((text) => text.includes('hello from ink'), 'hello-ink');
    samples.push({ ms: seen - start, cpuMs: cpuMs(tmux.panePid(pane)) });
    tmux.killWindow(pane);
  }
  return samples;
}

export interface KeyLatency {
  samples: number[];
  /** CPU ms of the cockpit per second while the step flooded and keys were pressed. */
  cpuMsPerS: number;
  /** Output rate of the flooding step while keys were pressed. */
  outputMbPerS: number;
  /** Output the step printed while keys were pressed. */
  outputMb: number;
  /** The cockpit's resident memory when the presses began and when they ended. */
  rssStartMb: number;
  rssEndMb: number;
}

/**
 * Start the endless printer, then alternate j/k between it and the next step, timing each key
 * to the first captured frame whose selected row shows the effect.
 */
export async function keyLatency(tmux: Tmux, target: CockpitTarget, presses: number): Promise<KeyLatency> {
  const cockpit = await openCockpit(tmux, target);
  const attempt = attemptOf(target, 'big');
  try {
    await toMainScreen(tmux, cockpit.pane);
    await openRunDialog(tmux, cockpit.pane);
    tmux.keys(cockpit.pane, 'Enter');
    await pollUntil(
      () => (hasRecord(path.join(attempt, 'pid.json')) ? true : undefined),
      'the flood to start',
    );
    await sleep(500);
    const log = path.join(attempt, 'log');
    const startBytes = fs.statSync(log).size;
    const started = nowMs();
    const cpuBefore = cpuMs(cockpit.pid);
    const rssStartMb = memoryMb(cockpit.pid)?.current ?? Number.NaN;
    const samples: number[] = [];
    for (let n = 0; n < presses; n++) {
      const [key, title] = n % 2 === 0 ? ['j', 'Note 1'] : ['k', BIG_STEP_TITLE];
      const selected = selectsTitle(title);
      cockpit.stream.mark();
      const start = nowMs();
      tmux.keys(cockpit.pane, key);
      const seen = await cockpit.stream.waitFor((text) => selected.test(text), `${title} selected`, 10_000);
      samples.push(seen - start);
      await sleep(40 + Math.random() * 80);
    }
    const outputMb = (fs.statSync(log).size - startBytes) / 1048576;
    const seconds = (nowMs() - started) / 1000;
    const cpuMsPerS = (cpuMs(cockpit.pid) - cpuBefore) / seconds;
    const rssEndMb = memoryMb(cockpit.pid)?.current ?? Number.NaN;
    return { samples, cpuMsPerS, outputMbPerS: outputMb / seconds, outputMb, rssStartMb, rssEndMb };
  } finally {
    const pid = readJson<{ pgid?: number }>(path.join(attempt, 'pid.json'));
    if (pid?.pgid) {
      try {
        process.kill(-pid.pgid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    await pollUntil(
      () => (hasRecord(path.join(attempt, 'exit.json')) ? true : undefined),
      'the flood to end',
      { timeoutMs: 10_000 },
    ).catch(() => undefined);
    tmux.killWindow(cockpit.pane);
    fs.rmSync(path.join(attempt, 'log'), { force: true });
  }
}

export interface Navigation {
  /** Single presses, each waited for: ms from the key to the frame showing the next step. */
  singleMs: number[];
  /** CPU ms the cockpit used per single press (load-independent). */
  cpuMsPerPress: number;
  /** Bursts of j sent in one send-keys: ms per step actually moved, until the screen settles. */
  burstMsPerMove: number[];
  /** Presses of the bursts that moved nothing (keys lost when they arrive in one read). */
  burstKeysLost: number;
}

function selectedStepNumber(screen: string): number | null {
  const match = /Step (\d{4})/.exec(selectedRow(screen) ?? '');
  return match ? Number(match[1]) : null;
}

/** The last step number a frame in `text` shows selected. */
function lastSelected(text: string): number | null {
  let found: number | null = null;
  for (const match of text.matchAll(/›[^\n›]{0,3}Step (\d{4})/g)) found = Number(match[1]);
  return found;
}

/** Send `count` j at once; wait until the selection reaches the target or stops moving. */
async function burstDown(
  cockpit: OpenedCockpit,
  tmux: Tmux,
  from: number,
  count: number,
): Promise<{ moved: number; ms: number }> {
  cockpit.stream.mark();
  const start = nowMs();
  tmux.keys(cockpit.pane, ...Array.from({ length: count }, () => 'j'));
  let at = from;
  let changedAt = start;
  let size = -1;
  for (;;) {
    const now = nowMs();
    const grown = cockpit.stream.size();
    if (grown !== size) {
      size = grown;
      const seen = lastSelected(cockpit.stream.sinceMark()) ?? at;
      if (seen !== at) {
        at = seen;
        changedAt = now;
      }
    }
    if (at >= from + count || now - changedAt > 1000) break;
    await sleep(1);
  }
  return { moved: at - from, ms: changedAt - start };
}

/** Move down a plan of many steps: single presses (each waited for), then bursts of j. */
export async function navigation(
  tmux: Tmux,
  target: CockpitTarget,
  singles: number,
  bursts: number,
  burst: number,
): Promise<Navigation> {
  const cockpit = await openCockpit(tmux, target);
  try {
    await toMainScreen(tmux, cockpit.pane);
    let at = selectedStepNumber(tmux.capture(cockpit.pane)) ?? 1;
    const singleMs: number[] = [];
    const cpuBefore = cpuMs(cockpit.pid);
    for (let n = 0; n < singles; n++) {
      const selected = selectsTitle(manyStepTitle(at + 1));
      cockpit.stream.mark();
      const start = nowMs();
      tmux.keys(cockpit.pane, 'j');
      const seen = await cockpit.stream.waitFor(
        (text) => selected.test(text),
        `step ${at + 1} selected`,
        10_000,
      );
      singleMs.push(seen - start);
      at += 1;
      await sleep(30 + Math.random() * 40);
    }
    // Includes the pauses between presses (idle: a cockpit at rest uses ~no CPU).
    const cpuMsPerPress = (cpuMs(cockpit.pid) - cpuBefore) / singles;
    const burstMsPerMove: number[] = [];
    let burstKeysLost = 0;
    for (let n = 0; n < bursts; n++) {
      const { moved, ms } = await burstDown(cockpit, tmux, at, burst);
      if (moved > 0) burstMsPerMove.push(ms / moved);
      burstKeysLost += burst - moved;
      at += moved;
      await sleep(100);
    }
    return { singleMs, cpuMsPerPress, burstMsPerMove, burstKeysLost };
  } finally {
    tmux.killWindow(cockpit.pane);
  }
}

export { median };
