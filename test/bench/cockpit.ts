// Drive the real cockpit (dist/cli.js) in a tmux pane: open a run, read the screen, find the
// selected step, start the first step through its confirmation, locate the attempt's files.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { attemptDir, runDir } from '../../src/journal/paths.js';
import { PaneStream } from './pane-stream.js';
import { cpuMs, nowMs, pollUntil } from './stats.js';
import type { Tmux } from './tmux.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** The cockpit under test; RC_BENCH_CLI points at another build (e.g. a candidate fix) to compare. */
export const CLI = process.env.RC_BENCH_CLI
  ? path.resolve(process.env.RC_BENCH_CLI)
  : path.join(ROOT, 'dist', 'cli.js');

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

export interface CockpitTarget {
  workDir: string;
  stateDir: string;
  planFile: string;
  planId: string;
  run: string;
}

export interface OpenedCockpit {
  pane: string;
  pid: number;
  /** ms from the program's start to the first visible text on its terminal. */
  firstFrameMs: number;
  /** ms from the program's start to ink's first frame (its synchronized-output start mark). */
  inkFrameMs: number;
  /** ms from the program's start to the header naming the run. */
  runFrameMs: number;
  /** CPU ms the cockpit process had used when the run was on screen. */
  runFrameCpuMs: number;
  stream: PaneStream;
}

/** ink wraps every frame in synchronized output (DEC mode 2026) on a terminal. */
export const SYNC_START = '\x1b[?2026h';

/** The header names the run as "· run NAME ·" on the main and resume screens. */
export function showsRun(screen: string, run: string): boolean {
  return screen.includes(`· run ${run}`);
}

/** The title on the selected row of the step list ("›" in the first column), or null. */
export function selectedRow(screen: string): string | null {
  for (const line of screen.split('\n')) if (line.startsWith('›')) return line.split('│')[0] ?? line;
  return null;
}

export async function waitForScreen(
  tmux: Tmux,
  pane: string,
  test: (screen: string) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<{ screen: string; at: number }> {
  let last = '';
  try {
    const seen = await pollUntil(
      () => {
        last = tmux.capture(pane);
        return test(last) ? last : undefined;
      },
      what,
      { intervalMs: 2, timeoutMs },
    );
    return { screen: seen.value, at: seen.at };
  } catch (error) {
    throw new Error(`${(error as Error).message}; the screen was:\n${last}`);
  }
}

/** A command line starting a program in a pane, in `dir`, with the bench's locale. */
export function paneCommand(dir: string, argv: string[]): string {
  return `cd ${shellQuote(dir)} && exec ${argv.map(shellQuote).join(' ')}`;
}

let launches = 0;

export interface Launched {
  pane: string;
  stream: PaneStream;
  /** When the program was released (just before the gate opened). */
  start: number;
}

/**
 * Start `argv` in a new window with its terminal output piped to a file before it runs: the
 * window waits on a tmux channel, the pipe is attached, the clock starts, the channel opens.
 */
export function launch(tmux: Tmux, dir: string, argv: string[]): Launched {
  launches += 1;
  const gate = `bench-go-${launches}`;
  const pane = tmux.window(`tmux -L ${tmux.socket} wait-for ${gate} && ${paneCommand(dir, argv)}`);
  const stream = new PaneStream(tmux, pane, path.join(dir, `pane-${launches}.tty`));
  const start = nowMs();
  tmux.run(['wait-for', '-S', gate]);
  return { pane, stream, start };
}

/** Open the cockpit on the run (created when new) and wait until it shows the run. */
export async function openCockpit(
  tmux: Tmux,
  target: CockpitTarget,
  timeoutMs = 20_000,
): Promise<OpenedCockpit> {
  const { pane, stream, start } = launch(tmux, target.workDir, [
    process.execPath,
    CLI,
    target.planFile,
    '--run',
    target.run,
    '--state-dir',
    target.stateDir,
    '--lang',
    'en',
  ]);
  try {
    const first = await stream.waitFor((text) => text.trim() !== '', 'the first frame', timeoutMs);
    const ink = await stream.waitForRaw((raw) => raw.includes(SYNC_START), 'ink’s first frame', timeoutMs);
    const shown = await stream.waitFor(
      (text) => showsRun(text, target.run),
      `run ${target.run} on screen`,
      timeoutMs,
    );
    const pid = tmux.panePid(pane);
    return {
      pane,
      pid,
      firstFrameMs: first - start,
      inkFrameMs: ink - start,
      runFrameMs: shown - start,
      runFrameCpuMs: cpuMs(pid),
      stream,
    };
  } catch (error) {
    tmux.killWindow(pane);
    throw error;
  }
}

/** From the resume summary (if shown) to the main screen. */
export async function toMainScreen(tmux: Tmux, pane: string): Promise<void> {
  const isMain = (screen: string) => selectedRow(screen) !== null;
  const { screen } = await waitForScreen(
    tmux,
    pane,
    (s) => isMain(s) || /Enter/.test(s),
    'main or resume screen',
  );
  if (!isMain(screen)) {
    tmux.keys(pane, 'Enter');
    await waitForScreen(tmux, pane, isMain, 'the main screen');
  }
}

export function attemptOf(target: CockpitTarget, stepId: string, attempt = 1): string {
  return attemptDir(runDir(target.stateDir, target.planId, target.run), stepId, attempt);
}

/** Enter on the selected step opens its confirmation; returns once the dialog is on screen. */
export async function openRunDialog(tmux: Tmux, pane: string): Promise<void> {
  tmux.keys(pane, 'Enter');
  await waitForScreen(tmux, pane, (screen) => /Enter: yes/.test(screen), 'the run confirmation');
}

export function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return null;
  }
}
