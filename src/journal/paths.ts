// Where a run lives on disk. One directory per run, everything about it below:
//
//   STATE/runs/<planId>/<run>/journal.jsonl       append-only event log (the truth)
//   STATE/runs/<planId>/<run>/journal.torn-<seq>  a torn tail cut off at load, kept aside
//   STATE/runs/<planId>/<run>/lock.json           the writer's lock (O_EXCL)
//   STATE/runs/<planId>/<run>/snapshot.json       conf snapshot (rebuilt from the journal)
//   STATE/runs/<planId>/<run>/attempts/<step>/<n>/ one attempt of a command/gate step:
//       script.sh  the step's script as written (never spliced into the wrapper)
//       log        all output, appended by the detached wrapper
//       pid.json   {pid, pidStart, bootId, startedAt}         written when the wrapper starts
//       exit.json  {exitCode, signal, endedAt, timedOut}     written in one write when it ends
//       step.lock  created once to claim the attempt; flock held while the step runs
//       hosts/<host>/log, hosts/<host>/exit.json             per host for multi-host steps
//   STATE/runs/<planId>/<run>/messages/<step>-<n>.txt  rendered messages
import path from 'node:path';

export function runDir(stateDir: string, planId: string, run: string): string {
  return path.join(stateDir, 'runs', planId, run);
}

export function journalPath(dir: string): string {
  return path.join(dir, 'journal.jsonl');
}

export function lockPath(dir: string): string {
  return path.join(dir, 'lock.json');
}

export function attemptDir(dir: string, stepId: string, attempt: number): string {
  return path.join(dir, 'attempts', stepId, String(attempt));
}

export function messagesDir(dir: string): string {
  return path.join(dir, 'messages');
}

/** Run names become directory names: keep them boring. */
export const RUN_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** pid.json, written by the wrapper when the attempt starts. */
export interface PidRecord {
  pid: number;
  pidStart: string;
  bootId: string;
  startedAt: string;
}

/** exit.json, written in one write by the wrapper when the attempt ends. */
export interface ExitRecord {
  exitCode: number | null;
  signal: string | null;
  endedAt: string;
  timedOut: boolean;
}
