// The main screen following the release by itself: the selection moves on when the step the
// operator was on finishes, and a "started" flash gives way to the step's outcome.
import { useEffect, useRef } from 'react';
import type { RunState } from '../../journal/state-types.js';
import { listSteps } from '../../plan/outline.js';
import type { Plan } from '../../plan/schema.js';
import type { Strings } from '../i18n/index.js';
import type { MainAction, MainUi } from '../main/state.js';
import { currentStepId } from '../model/outline.js';
import { fillTemplate, shownValues } from '../model/template.js';

export function useFollowRelease(
  plan: Plan,
  state: RunState,
  ui: MainUi,
  dispatch: (action: MainAction) => void,
  t: Strings,
): void {
  // Follow the release: when the step the operator was on finishes, move to the next one.
  const current = currentStepId(plan, state);
  const lastCurrent = useRef(current);
  useEffect(() => {
    if (current !== lastCurrent.current) {
      const previous = lastCurrent.current;
      lastCurrent.current = current;
      dispatch({ type: 'follow', previous, current });
    }
  }, [current, dispatch]);

  // A "started" flash gives way to the step's outcome once it ends (succeeded, failed (exit 3), …),
  // and keeps following the step: a failure the plan retries by itself says "started" again,
  // then the retry's outcome (a stale "failed" must not stand beside a ✔).
  const flashStep = ui.flash?.stepId;
  const flashStatus = flashStep ? state.steps[flashStep]?.status : undefined;
  const flashTone = ui.flash?.tone;
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the step's status change matters
  useEffect(() => {
    if (!flashStep || !flashStatus || flashStatus === 'pending') return;
    const ended = state.steps[flashStep];
    const ref = listSteps(plan).find((r) => r.step.id === flashStep);
    const title = fillTemplate(ref?.step.title ?? flashStep, shownValues(plan, state.variables));
    if (flashStatus === 'running') {
      if (flashTone === 'bad') {
        dispatch({
          type: 'outcome',
          stepId: flashStep,
          flash: { text: t.flash.started(title), tone: 'ok', stepId: flashStep },
        });
      }
      return;
    }
    const failed = flashStatus === 'failed';
    const text = t.flash.outcome(title, t.status[flashStatus], failed ? (ended?.exitCode ?? null) : null);
    const tone = failed ? 'bad' : flashStatus === 'succeeded' || flashStatus === 'done' ? 'ok' : 'warn';
    dispatch({ type: 'outcome', stepId: flashStep, flash: { text, tone, stepId: flashStep } });
  }, [flashStep, flashStatus]);
}
