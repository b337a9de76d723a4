// The cockpit's screens as data, and where a run goes once opened: the variables it still
// needs, then the summary of what happened while no one watched (when something did), then the
// main screen. Pure.
import type { Session } from '../../session/types.js';
import type { VariableChecks } from '../screens/new-run-form.js';
import type { PlanEntry } from '../services.js';

export type Screen =
  | { kind: 'start'; only: PlanEntry | null; message: string | null }
  | { kind: 'new'; plan: PlanEntry; existing: string[]; only: PlanEntry | null; checks: VariableChecks }
  | { kind: 'opening'; run: string }
  | { kind: 'missing'; session: Session }
  | { kind: 'resume'; session: Session }
  | { kind: 'main'; session: Session }
  | { kind: 'failed'; message: string };

export function hasNews(session: Session): boolean {
  const { resume, warnings } = session.view();
  if (warnings.length) return true;
  if (!resume) return false;
  return !!(
    resume.finished.length ||
    resume.running.length ||
    resume.unknown.length ||
    resume.otherEvents ||
    resume.planChanged
  );
}

/** The first screen of a run just opened. */
export function afterOpen(session: Session): Screen {
  const view = session.view();
  if (view.mode === 'writer' && view.missingVariables?.length) return { kind: 'missing', session };
  return hasNews(session) ? { kind: 'resume', session } : { kind: 'main', session };
}

/** After the variables form: the summary when there is news, else the main screen. */
export function afterVariables(session: Session): Screen {
  return hasNews(session) ? { kind: 'resume', session } : { kind: 'main', session };
}
