// The session's side of sign-offs: whether a step may be passed yet, the statuses a screen
// shows, giving a sign-off (the writer journals its own; a watch drops it in the inbox like
// the CLI), and — for the writer — watching the inbox so a sign-off given from another
// terminal is journaled within a second (fs.watch, and a short poll behind it).
import fs from 'node:fs';
import { UserError } from '../errors.js';
import type { JournalEvent } from '../journal/events.js';
import { ensurePrivateDir } from '../journal/statedir.js';
import type { Plan } from '../plan/schema.js';
import type { Login } from '../team/identity.js';
import { dropRecord, inboxDir } from '../team/inbox.js';
import { completeIfTicked, type IngestContext, ingestInbox } from '../team/ingest.js';
import {
  describeTarget,
  judgeSigner,
  passRefusal,
  type RoleHolders,
  roleHolders,
  type SignoffStatus,
  type SignoffTarget,
  signoffStatus,
  targetKey,
} from '../team/signoff.js';
import type { Team } from '../team/team-file.js';
import type { RunHandle } from './ports.js';

/** How often the writer looks at the inbox when fs.watch says nothing (network filesystems). */
const INBOX_POLL_MS = 250;

export interface SignoffDeskParts {
  plan: Plan;
  handle: RunHandle;
  /** The team file, read when asked (null: none). */
  team: () => Team | null;
  /** Who this process is (its uid's login): the signer of a sign-off given here. */
  login: Login;
  append(event: JournalEvent): Promise<void>;
  /** Called after the inbox was journaled (the screen redraws) or failed (a warning). */
  onIngest(error: Error | null): void;
}

export class SignoffDesk {
  private watcher: fs.FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(private readonly parts: SignoffDeskParts) {}

  /** Why the team file could not be read (then only the plan's logins count), or null. */
  teamProblem: string | null = null;

  holders(): RoleHolders {
    let team: Team | null = null;
    try {
      team = this.parts.team();
      this.teamProblem = null;
    } catch (error) {
      // A broken team file must not break the screen: its roles then have nobody, so nothing
      // waiting for them can pass — the safe side — and the refusal says why.
      this.teamProblem =
        error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
    }
    return roleHolders(this.parts.plan, team, this.parts.handle.state().variables);
  }

  status(target: SignoffTarget): SignoffStatus | null {
    return signoffStatus(this.parts.plan, this.parts.handle.state(), this.holders(), target);
  }

  /** Every target of the plan that needs a sign-off, keyed by step id (or "@rollback"). */
  statuses(): Record<string, SignoffStatus> {
    const holders = this.holders();
    const state = this.parts.handle.state();
    const out: Record<string, SignoffStatus> = {};
    const targets: SignoffTarget[] = [
      ...this.parts.plan.phases.flatMap((phase) => phase.steps),
      ...(this.parts.plan.rollback?.steps ?? []),
    ]
      .filter((step) => step.signoff !== undefined)
      .map((step) => ({ kind: 'step', stepId: step.id }) as const);
    if (this.parts.plan.rollback?.signoff) targets.push({ kind: 'rollback' });
    for (const target of targets) {
      const status = signoffStatus(this.parts.plan, state, holders, target);
      if (status) out[targetKey(target)] = status;
    }
    return out;
  }

  /** Throws when the target still waits for its sign-off. */
  requireSigned(target: SignoffTarget): void {
    const refusal = passRefusal(this.parts.plan, this.parts.handle.state(), this.holders(), target);
    if (refusal)
      throw new UserError(this.teamProblem ? `${refusal} (team file: ${this.teamProblem})` : refusal);
  }

  isPending(stepId: string): boolean {
    return this.status({ kind: 'step', stepId })?.pending ?? false;
  }

  /**
   * Sign off as this process's login. The writer journals it at once; a watch (the lock is
   * someone else's) drops it in the inbox for the writer. Returns what happened, in words.
   */
  async give(target: SignoffTarget, options: { role?: string; note?: string } = {}): Promise<string> {
    const { login } = this.parts;
    const judged = judgeSigner(this.status(target), login.login, this.holders(), options.role);
    if (!judged.ok) {
      const team = this.teamProblem ? ` (team file: ${this.teamProblem})` : '';
      throw new UserError(`${describeTarget(target)}: ${judged.reason}${team}`);
    }
    if (this.parts.handle.mode !== 'writer') {
      dropRecord(this.parts.handle.dir, login, target, options);
      return `${describeTarget(target)}: sign-off by ${login.login} handed to the writer`;
    }
    const now = new Date().toISOString();
    await this.parts.append({
      type: 'signoff.given',
      ...(target.kind === 'step' ? { step: target.stepId } : {}),
      data: {
        target: target.kind,
        login: login.login,
        uid: login.uid,
        roles: judged.roles,
        via: 'session',
        requestId: `session-${now}-${login.uid}`,
        givenAt: now,
        ...(options.note ? { note: options.note } : {}),
      },
    });
    if (target.kind === 'step') await completeIfTicked(this.ingestContext(), target.stepId);
    return `${describeTarget(target)}: signed off by ${login.login} as ${judged.roles.join(', ')}`;
  }

  /** Journal what waits in the inbox now (writer only). */
  ingest(): Promise<void> {
    if (this.parts.handle.mode !== 'writer' || this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          const result = await ingestInbox(this.ingestContext(), this.parts.handle.dir);
          if (result.given.length || result.refused.length) this.parts.onIngest(null);
        } while (this.again && !this.stopped);
      } catch (error) {
        if (!this.stopped) this.parts.onIngest(error instanceof Error ? error : new Error(String(error)));
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** Writer: notice records as they arrive. */
  watch(): void {
    if (this.parts.handle.mode !== 'writer' || this.watcher || this.timer) return;
    const dir = inboxDir(this.parts.handle.dir);
    try {
      ensurePrivateDir(dir);
      this.watcher = fs.watch(dir, { persistent: false }, () => void this.ingest());
      this.watcher.on('error', () => {
        this.watcher?.close();
        this.watcher = null;
      });
    } catch {
      this.watcher = null;
    }
    this.timer = setInterval(() => void this.ingest(), INBOX_POLL_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.watcher?.close();
    this.watcher = null;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private ingestContext(): IngestContext {
    return {
      plan: this.parts.plan,
      state: () => this.parts.handle.state(),
      holders: () => this.holders(),
      append: (event) => this.parts.append(event),
    };
  }
}
