// What a headless run does with its answers file at a step that needs a person: type the step's
// confirm word, tick its checklist, enter its prompt's value, or decide the rollback when a step
// failed. Each answer is journaled (answer.used) just before the decision it makes; a wrong word
// is refused as in the cockpit and nothing runs. Returns 'continue' when the run can go on, an
// exit code to stop with, or null when the file has no answer here.
import { EXIT, UserError } from '../errors.js';
import { listSteps } from '../plan/outline.js';
import type { Step } from '../plan/schema.js';
import type { Answers } from './answers.js';
import { tickedItems } from './answers.js';
import { stepStatus } from './machine.js';
import type { RunSession } from './session.js';

export type AnswerOutcome = 'continue' | number | null;

export async function answerStep(
  session: RunSession,
  step: Step,
  answers: Answers,
  used: Set<string>,
  say: (line: string) => void,
): Promise<AnswerOutcome> {
  const answer = answers.steps.get(step.id);
  const view = session.view();
  if (!answer || stepStatus(view.state, step.id) !== 'pending' || used.has(step.id)) return null;
  used.add(step.id);
  const { file, sha256 } = answers;
  try {
    if (step.kind === 'command' && step.confirm !== undefined && answer.confirm !== undefined) {
      if (answer.confirm !== step.confirm) {
        say(
          `refused: step ${step.id}: the answers file ${file} gives the word "${answer.confirm}", not the step's word; nothing ran`,
        );
        return EXIT.badInput;
      }
      await session.answerUsed(step.id, file, sha256, 'confirm');
      await session.start(step.id, { confirmWord: answer.confirm });
      return 'continue';
    }
    if (step.kind === 'manual' && answer.ticks !== undefined) {
      const confirmed = new Set(view.state.steps[step.id]?.confirmedItems ?? []);
      const todo = tickedItems(step.items, answer.ticks).filter((index) => !confirmed.has(index));
      if (todo.length === 0) return null;
      await session.answerUsed(step.id, file, sha256, 'ticks');
      for (const index of todo) await session.confirmItem(step.id, index);
      return 'continue';
    }
    if (step.kind === 'prompt' && answer.value !== undefined) {
      const refusal = session.validateVariable(step.variable, answer.value);
      if (refusal) {
        say(`refused: step ${step.id}: the answers file's value for ${step.variable}: ${refusal}`);
        return EXIT.badInput;
      }
      await session.answerUsed(step.id, file, sha256, 'value');
      await session.setVariable(step.variable, answer.value);
      return 'continue';
    }
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    say(`stopped: ${error.message}`);
    return error.exitCode === EXIT.badInput ? EXIT.waiting : error.exitCode;
  }
  return null;
}

/** A step failed: decide the rollback if the answers say so (once per run, after its sign-off). */
export async function answerRollback(
  session: RunSession,
  answers: Answers,
  say: (line: string) => void,
  failedStepId: string,
): Promise<AnswerOutcome> {
  const view = session.view();
  if (!answers.rollback || view.state.rollback || !view.plan.rollback) return null;
  // `from: STEP`: a failure before that step (a dry run at T−7, say) is not what a rollback undoes.
  const from = answers.rollback.from;
  if (from !== undefined) {
    const order = listSteps(view.plan).map((ref) => ref.step.id);
    if (order.indexOf(failedStepId) < order.indexOf(from)) {
      say(
        `the answers file decides a rollback only from step ${from} on; step ${failedStepId} comes before it`,
      );
      return null;
    }
  }
  if (answers.rollback.confirm !== view.plan.rollback.confirm) {
    say(
      `refused: the answers file ${answers.file} gives the rollback word "${answers.rollback.confirm}", not the plan's; nothing decided`,
    );
    return EXIT.badInput;
  }
  const signoff = session.signoffStatus({ kind: 'rollback' });
  if (signoff?.pending) {
    const who = signoff.mayGive.map(
      ({ role, logins }) => `${role} (${logins.join(', ') || 'nobody holds it'})`,
    );
    say(
      `waiting for the operator: the rollback needs a sign-off by ${who.join(' and ')}: release-cockpit signoff PLAN --run NAME --rollback, then run again`,
    );
    return EXIT.waiting;
  }
  await session.answerUsed(null, answers.file, answers.sha256, 'rollback');
  await session.decideRollback(answers.rollback.criterion, answers.rollback.confirm);
  say(`rollback decided from the answers file: ${answers.rollback.criterion}`);
  return 'continue';
}
