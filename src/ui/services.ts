// What the cockpit needs from below to list plans and runs and to open a run. The command
// (src/commands/cockpit.ts) provides the real ones; tests provide fakes.

import type { Plan } from '../plan/schema.js';
import type { AgendaItem } from '../schedule/agenda.js';
import type { LockHolder, Session } from '../session/types.js';

export interface PlanEntry {
  path: string;
  plan: Plan | null;
  /** One line when the plan does not load. */
  error: string | null;
}

export interface RunEntry {
  planId: string;
  /** The plan file the run was created from (as journaled). */
  planPath: string | null;
  run: string;
  done: number;
  total: number;
  lastEventAt: string | null;
  lock: LockHolder | null;
  rollback: boolean;
}

export interface OpenRequest {
  planPath: string;
  run: string;
  /** Values for a new run (ignored when the run exists). */
  variables: Record<string, string>;
  watch: boolean;
}

export interface CockpitServices {
  listPlans(): Promise<PlanEntry[]>;
  /** One plan file (for `release-cockpit PLAN` without --run). */
  loadPlan(planPath: string): Promise<PlanEntry>;
  listRuns(): Promise<RunEntry[]>;
  openSession(request: OpenRequest): Promise<Session>;
  /** What is due today and overdue across the unfinished runs (the start screen's first section). */
  agenda?(now: Date): Promise<AgendaItem[]>;
}

/** Where the cockpit starts. */
export type StartTarget =
  | { kind: 'start' }
  | { kind: 'plan'; planPath: string; variables: Record<string, string>; watch: boolean }
  | { kind: 'run'; planPath: string; run: string; variables: Record<string, string>; watch: boolean };
