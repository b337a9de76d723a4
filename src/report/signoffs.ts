// Sign-offs in the release report: who signed which target off, as which role, and when (the
// signer's time and when the writer journaled it). Built from the plan and the run's state;
// rendered as one line per sign-off in the step's details. Kept apart from build.ts and
// markdown.ts so the report's other additions merge without touching these lines.
import type { RunState } from '../journal/state-types.js';
import type { Plan } from '../plan/schema.js';
import { type SignoffTarget, signoffStatus } from '../team/signoff.js';
import { formatTime } from './format.js';

export interface SignoffReport {
  roles: string[];
  distinct: boolean;
  pending: boolean;
  missing: string[];
  given: {
    login: string;
    uid: number;
    roles: string[];
    givenAt: string;
    journaledAt: string;
    via: 'inbox' | 'session';
    note: string | null;
  }[];
}

const NOBODY = { logins: new Map<string, string[]>(), from: new Map<string, string>() };

export function signoffReport(plan: Plan, state: RunState, target: SignoffTarget): SignoffReport | null {
  const status = signoffStatus(plan, state, NOBODY, target);
  if (!status) return null;
  return {
    roles: [...status.requirement.roles],
    distinct: status.requirement.distinct,
    pending: status.pending,
    missing: [...status.missing],
    given: status.given.map((record) => ({
      login: record.login,
      uid: record.uid,
      roles: [...record.roles],
      givenAt: record.givenAt,
      journaledAt: record.at,
      via: record.via,
      note: record.note ?? null,
    })),
  };
}

const WORDS = {
  en: {
    signed: (roles: string, login: string, uid: number, at: string) =>
      `Signed off: ${roles} — ${login} (uid ${uid}) at ${at}`,
    journaled: (at: string) => `journaled ${at}`,
    waiting: (roles: string) => `Waiting for sign-off by ${roles}`,
    distinct: ' (each by a different person)',
  },
  ru: {
    signed: (roles: string, login: string, uid: number, at: string) =>
      `Согласовано: ${roles} — ${login} (uid ${uid}), ${at}`,
    journaled: (at: string) => `записано в журнал ${at}`,
    waiting: (roles: string) => `Ждёт согласования: ${roles}`,
    distinct: ' (каждую роль — другой человек)',
  },
};

/** Markdown list lines for a step's (or the rollback's) sign-offs. */
export function signoffLines(report: SignoffReport | null | undefined, lang: 'en' | 'ru'): string[] {
  if (!report) return [];
  const w = WORDS[lang];
  const lines = report.given.map((given) => {
    const journaled =
      given.journaledAt.slice(0, 19) === given.givenAt.slice(0, 19)
        ? ''
        : `, ${w.journaled(formatTime(given.journaledAt))}`;
    const note = given.note ? `: ${given.note}` : '';
    return `- ${w.signed(given.roles.join(', '), given.login, given.uid, formatTime(given.givenAt))}${journaled}${note}`;
  });
  if (report.pending) {
    const distinct = report.distinct && report.roles.length > 1 ? w.distinct : '';
    lines.push(`- ${w.waiting(report.missing.join(', '))}${distinct}`);
  }
  return lines;
}
