// The unattended driver: walk the plan's path from where the run stands, running what needs
// no person (commands without a confirm word, gates, messages, notes) and stopping at the first
// step that does. Progress is printed by the caller from journal events; this prints only the
// verdict. With an answers file (headless-answers.ts) it also takes the decisions the file gives.
// Exit codes: 0 finished, 1 a step failed, 2 an answer was refused, 3 waiting for the operator.
import { EXIT, UserError } from '../errors.js';
import { pendingLine } from '../team/signoff.js';
import type { Answers } from './answers.js';
import { answerRollback, answerStep } from './headless-answers.js';
import { nextAction, stepStatus } from './machine.js';
import type { RunSession } from './session.js';

export async function driveHeadless(
  session: RunSession,
  say: (line: string) => void,
  answers: Answers | null = null,
): Promise<number> {
  let shownWarnings = session.view().warnings.length;
  // Each step's answer is used once per run of the driver: an answer that did not settle the
  // step (some ticks only) must not loop.
  const used = new Set<string>();
  for (;;) {
    const view = session.view();
    for (const warning of view.warnings.slice(shownWarnings)) say(`warning: ${warning}`);
    shownWarnings = view.warnings.length;
    // A step's outcome is several events (finished, output, capture, retry): let them all land.
    if (session.busy > 0) {
      await session.until(() => session.view().version !== view.version);
      continue;
    }
    const action = nextAction(
      view.plan,
      view.state,
      (name) => session.ctx.values.has(name),
      (stepId) => {
        const status = view.signoffs?.[stepId];
        return status?.pending ? pendingLine(status) : null;
      },
    );
    switch (action.kind) {
      case 'finished':
        say(view.state.rollback ? 'rollback path finished' : 'plan finished: every step is settled');
        return EXIT.ok;
      case 'auto-done':
        await session.markDone(action.ref.step.id, action.note);
        continue;
      case 'run':
        try {
          await session.start(action.ref.step.id);
        } catch (error) {
          if (!(error instanceof UserError)) throw error;
          say(`stopped: ${error.message}`);
          return error.exitCode === EXIT.badInput ? EXIT.waiting : error.exitCode;
        }
        continue;
      case 'wait':
        // Nothing in flight (busy is 0) yet the step still runs: its watcher failed.
        say(`step ${action.ref.step.id}: nothing is watching it any more (see warnings); stopping`);
        return EXIT.failure;
      case 'needs-person': {
        const step = action.ref.step;
        // A gate changes nothing: polling it again after an interrupted session is always safe.
        if (step.kind === 'gate' && stepStatus(view.state, step.id) === 'unknown') {
          await session.resolveUnknown(step.id, 'rerun');
          continue;
        }
        const answered = answers ? await answerStep(session, step, answers, used, say) : null;
        if (answered === 'continue') continue;
        if (answered !== null) return answered;
        say(`waiting for the operator: step ${step.id} (${step.title}) needs ${action.need}`);
        return EXIT.waiting;
      }
      case 'failed': {
        say(`stopped: step ${action.ref.step.id} (${action.ref.step.title}) ${action.need}`);
        const decided = answers ? await answerRollback(session, answers, say, action.ref.step.id) : null;
        if (decided === 'continue') continue;
        return decided ?? EXIT.failure;
      }
    }
  }
}
