// The release report (seed §5.4 "report for the release manager", §7 artifacts) as data. The
// JSON format is this object; the Markdown is rendered from it, so the two always agree.
import type { StepStatus } from '../journal/state-types.js';
import type { SignoffReport } from './signoffs.js';
import type { TimelineReport } from './timeline.js';

export const REPORT_FORMAT = 'release-cockpit-report/1';

export interface LogExcerpt {
  step: string;
  attempt: number;
  path: string;
  bytes: number | null;
  /** The last lines (control sequences removed); empty when the file is missing. */
  lastLines: string[];
  missing: boolean;
}

export interface AttemptReport {
  attempt: number;
  by: string;
  startedAt: string;
  endedAt: string | null;
  durationMs: number | null;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** How an unknown outcome was resolved (rerun, done, failed). */
  resolution: string | null;
  signals: string[];
  polls: number;
  logPath: string;
  hosts: { host: string; exitCode: number | null; logPath: string; notStarted?: true }[] | null;
}

export interface MessageReport {
  path: string;
  sha256: string;
  at: string;
  /** Exit code of the send command; null when not sent (no send command or not yet). */
  sentExitCode: number | null;
  sent: boolean;
  text: string | null;
}

export interface StepReport {
  id: string;
  title: string;
  kind: string;
  phase: string;
  owner: string | null;
  status: StepStatus;
  /** Who decided or ran it last: "user@host". */
  who: string | null;
  startedAt: string | null;
  endedAt: string | null;
  durationMs: number | null;
  exitCode: number | null;
  attempts: AttemptReport[];
  notes: { at: string; by: string; text: string }[];
  skipReason: string | null;
  confirmedItems: { index: number; text: string }[];
  totalItems: number | null;
  commandChanged: boolean;
  removed: boolean;
  logs: LogExcerpt[];
  messages: MessageReport[];
  /** Sign-off by role (plan `signoff:`); null when the step needs none. */
  signoff: SignoffReport | null;
  /** A command (or gate, message) marked done without ever running: done by hand. */
  doneByHand: boolean;
  /** Decisions a headless run took from an answers file. */
  answered: { file: string; sha256: string; answer: string; at: string }[];
}

export interface ReleaseReport {
  format: typeof REPORT_FORMAT;
  generatedAt: string;
  generatedBy: string;
  plan: {
    id: string;
    title: string;
    version: string;
    /** The plan's language tag (the Markdown report is written in it unless asked otherwise). */
    language: string;
    path: string;
    sha256: string;
    /** The plan hash the run last recorded (differs when the file changed since). */
    recordedSha256: string;
  };
  run: {
    name: string;
    /** The run's directory in the state directory (logs below it are shown relative). */
    dir: string;
    createdAt: string;
    createdBy: string;
    lastEventAt: string;
    durationMs: number | null;
  };
  summary: {
    outcome: 'completed' | 'in progress' | 'failed' | 'rolled back';
    steps: number;
    finished: number;
    /** Main-path steps by status (the rollback path is reported on its own). */
    byStatus: Partial<Record<StepStatus, number>>;
  };
  operators: string[];
  variables: Record<string, string>;
  phases: { id: string; title: string; window: string; steps: StepReport[] }[];
  rollback: {
    decision: {
      criterion: string;
      criterionText: string;
      at: string;
      by: string;
      /** The answers file of the headless run that decided it, or null. */
      answeredBy: string | null;
    } | null;
    signoff: SignoffReport | null;
    criteria: { id: string; text: string }[];
    steps: StepReport[];
  } | null;
  removedSteps: StepReport[];
  planChanges: {
    at: string;
    fromSha256: string;
    toSha256: string;
    added: string[];
    removed: string[];
    changed: { id: string; commandChanged: boolean }[];
  }[];
  notes: { at: string; by: string; text: string }[];
  artifacts: { title: string; source: string[]; steps: string[] }[];
  journal: {
    events: number;
    verified: boolean;
    headSha256: string;
    tornTail: boolean;
    /** Which journal was verified, and when (every line's checksum, the chain, seq). */
    file: string;
    verifiedAt: string;
  };
  /** Expected (from earlier runs) against actual per step; null when not computed. */
  timeline: TimelineReport | null;
  /** What the run's multi-host steps leave on their hosts until `release-cockpit prune`. */
  remote?: RemoteLeftovers;
}

export interface RemoteLeftovers {
  /** Below ${XDG_STATE_HOME:-~/.local/state}/release-cockpit/attempts/ on each host. */
  dir: string;
  hosts: string[];
  /** Hosts where prune removed it. */
  pruned: string[];
}
