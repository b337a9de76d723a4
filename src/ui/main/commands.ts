// What the main screen's actions do to the release: each operator decision goes to the
// Session (dialogs first where it asks), errors come back as a one-line flash. What they do to
// the screen is a MainAction for the reducer (state.ts). Nothing here renders.

import { errorMessage } from '../../errors.js';
import { listSteps } from '../../plan/outline.js';
import type { Session, SessionView } from '../../session/types.js';
import { emptyField } from '../dialogs/text-edit.js';
import type { Dialog } from '../dialogs/types.js';
import type { Strings } from '../i18n/index.js';
import type { ActionId } from '../keys.js';
import type { Row } from '../model/outline.js';
import { isFinished, runningStepIds } from '../model/outline.js';
import type { Tone } from '../theme.js';
import type { MainAction, MainUi } from './state.js';
import {
  enterMeaning,
  promptVariable,
  type Selected,
  signableRoles,
  unreachableHosts,
} from './step-actions.js';

export interface CommandContext {
  session: Session;
  view: SessionView;
  selected: (Selected & { id: string }) | null;
  rows: readonly Row[];
  ui: MainUi;
  dispatch: (action: MainAction) => void;
  t: Strings;
  /** Plan text with the run's known values filled in (secrets masked); see model/template.ts. */
  fill: (text: string) => string;
  /** Lines in the visible output tail and the pane's log height, for scrolling. */
  outputLines: number;
  outputHeight: number;
  hosts: string[];
  leave: () => void;
  /** Watch mode: close the watch and reopen the run for writing. */
  takeLock: () => void;
}

export function flash(c: CommandContext, text: string, tone: Tone = 'info'): void {
  c.dispatch({ type: 'flash', flash: { text, tone } });
}

/** Run an operator decision; report its failure in the flash line. */
export function perform(c: CommandContext, work: () => Promise<unknown> | unknown, done?: string): void {
  Promise.resolve()
    .then(work)
    .then(
      () => {
        if (done) flash(c, done, 'ok');
      },
      (error: unknown) => flash(c, c.t.flash.error(errorMessage(error)), 'bad'),
    );
}

function openDialog(c: CommandContext, dialog: Dialog): void {
  c.dispatch({ type: 'openDialog', dialog });
}

function moveSelection(c: CommandContext, delta: number): void {
  const steps = c.rows.flatMap((row) => (row.kind === 'step' ? [row.ref.step.id] : []));
  c.dispatch({ type: 'move', delta, steps });
}

function scrollBy(c: CommandContext, delta: number): void {
  c.dispatch({ type: 'scroll', delta, max: Math.max(0, c.outputLines - c.outputHeight) });
}

/** Earlier steps of the same path that are not finished: running out of order is allowed, but said. */
function earlierNotice(c: CommandContext, sel: Selected & { id: string }): string | undefined {
  const refs = listSteps(c.view.plan).filter((ref) => ref.path === sel.path);
  const at = refs.findIndex((ref) => ref.step.id === sel.id);
  const open = refs
    .slice(0, Math.max(0, at))
    .filter((ref) => !isFinished(c.view.state.steps[ref.step.id]?.status ?? 'pending'));
  if (open.length === 0) return undefined;
  const titles = open.slice(0, 3).map((ref) => c.fill(ref.step.title));
  return c.t.dialog.earlierNotFinished(titles, open.length - titles.length);
}

function startStep(c: CommandContext, sel: Selected & { id: string }, retry: boolean) {
  const { step } = sel;
  const notice = earlierNotice(c, sel);
  const command =
    c.session.displayCommand(sel.id) ?? (step.kind === 'command' || step.kind === 'gate' ? step.run : '');
  const start = (confirmWord?: string) =>
    perform(c, async () => {
      await c.session.start(sel.id, confirmWord ? { confirmWord } : undefined);
      const text = c.t.flash.started(c.fill(step.title));
      c.dispatch({ type: 'flash', flash: { text, tone: 'ok', stepId: sel.id } });
    });
  if (step.kind === 'command' && step.confirm) {
    openDialog(c, {
      kind: 'typed',
      title: c.t.dialog.dangerous(c.fill(step.title)),
      command: command.split('\n'),
      word: step.confirm,
      ...(notice ? { notice } : {}),
      field: emptyField(),
      tried: false,
      onSubmit: (word) => start(word),
    });
    return;
  }
  if (step.kind === 'message') {
    openDialog(c, {
      kind: 'confirm',
      title: c.t.dialog.sendMessage(c.fill(step.title)),
      body: step.channel && step.send ? [c.t.dialog.sendVia(step.channel)] : [],
      ...(notice ? { notice } : {}),
      onYes: () => start(),
    });
    return;
  }
  const attempt = (sel.state?.attempts.length ?? 0) + 1;
  openDialog(c, {
    kind: 'confirm',
    title: retry ? c.t.dialog.retryStep(c.fill(step.title), attempt) : c.t.dialog.runStep(c.fill(step.title)),
    body: command ? command.split('\n').map((line) => `$ ${line}`) : [],
    ...(notice ? { notice } : {}),
    onYes: () => start(),
  });
}

function enter(c: CommandContext, sel: Selected & { id: string }) {
  const { step } = sel;
  const meaning = enterMeaning(sel);
  switch (meaning) {
    case 'run':
    case 'send':
      return startStep(c, sel, false);
    case 'retry':
      return startStep(c, sel, true);
    case 'tick': {
      if (step.kind !== 'manual') return;
      const confirmed = new Set(sel.state?.confirmedItems ?? []);
      const index = step.items.findIndex((_, i) => !confirmed.has(i));
      return openDialog(c, {
        kind: 'confirm',
        title: c.t.dialog.confirmItem(index + 1, step.items.length),
        body: [c.fill(step.items[index] ?? '')],
        onYes: () => perform(c, () => c.session.confirmItem(sel.id, index)),
      });
    }
    case 'done':
      return openDialog(c, {
        kind: 'confirm',
        title: c.t.dialog.markDone(c.fill(step.title)),
        body: [],
        onYes: () => perform(c, () => c.session.markDone(sel.id)),
      });
    case 'read':
      return openDialog(c, {
        kind: 'confirm',
        title: c.t.dialog.acknowledge(c.fill(step.title)),
        body: [],
        onYes: () => perform(c, () => c.session.markDone(sel.id)),
      });
    case 'set': {
      const variable = promptVariable(c.view.plan, step);
      if (!variable) return;
      const def = variable.def;
      return openDialog(c, {
        kind: 'text',
        title: c.t.dialog.variableTitle(variable.name),
        prompt: def ? c.fill(def.description) : variable.name,
        field: emptyField(def?.secret ? '' : (c.view.state.variables[variable.name] ?? def?.default ?? '')),
        mask: !!def?.secret,
        ...(def?.example ? { hint: c.t.newRun.example(def.example) } : {}),
        validate: (value) => c.session.validateVariable(variable.name, value),
        onSubmit: (value) =>
          perform(c, async () => {
            const error = await c.session.setVariable(variable.name, value);
            if (error) throw new Error(error);
            // The session may finish the prompt step itself when the variable is set.
            const status = c.session.view().state.steps[sel.id]?.status ?? 'pending';
            if (status === 'pending') await c.session.markDone(sel.id);
          }),
      });
    }
    case 'decide':
      return openDialog(c, {
        kind: 'unknown',
        stepId: sel.id,
        title: c.t.dialog.unknownTitle(c.fill(step.title)),
        index: 0,
        hasVerify: step.kind === 'command' && !!step.verify,
        result: null,
      });
    case null:
      return;
  }
}

/** Run a bound action; availability and watch mode were checked by the caller. */
export function runAction(action: ActionId, c: CommandContext, pane: 'list' | 'output' | 'log') {
  const sel = c.selected;
  const page = Math.max(1, c.outputHeight - 1);
  switch (action) {
    case 'up':
      return pane === 'list' ? moveSelection(c, -1) : scrollBy(c, 1);
    case 'down':
      return pane === 'list' ? moveSelection(c, 1) : scrollBy(c, -1);
    case 'pageUp':
      return scrollBy(c, page);
    case 'pageDown':
      return scrollBy(c, -page);
    case 'home':
      return scrollBy(c, c.outputLines);
    case 'end':
      return c.dispatch({ type: 'followEnd' });
    case 'tab':
      return c.dispatch({ type: 'toggleFocus' });
    case 'log':
      return c.dispatch({ type: 'overlay', overlay: 'log' });
    case 'close':
      return c.dispatch({ type: 'overlay', overlay: null });
    case 'search':
      return c.dispatch({ type: 'startSearch' });
    case 'clearSearch':
      return c.dispatch({ type: 'clearSearch' });
    case 'hosts':
      return c.dispatch({ type: 'nextHost', hosts: c.hosts });
    case 'quit':
      return c.leave();
    case 'takeLock':
      return c.takeLock();
    case 'ctrlC': {
      const running = runningStepIds(c.view.state).length;
      if (running === 0) return c.leave();
      return openDialog(c, { kind: 'leave', running });
    }
    case 'rollback':
      return openDialog(c, { kind: 'rollback', stage: 'pick', index: 0, field: emptyField(), tried: false });
    default:
      break;
  }
  if (!sel) return;
  switch (action) {
    case 'enter':
      return enter(c, sel);
    case 'retry':
      return startStep(c, sel, true);
    case 'skip':
      return openDialog(c, {
        kind: 'text',
        title: c.t.dialog.skipTitle(c.fill(sel.step.title)),
        prompt: c.t.dialog.skipPrompt,
        field: emptyField(),
        mask: false,
        validate: (value) => (value.trim() ? null : c.t.dialog.reasonRequired),
        onSubmit: (reason) => perform(c, () => c.session.skip(sel.id, reason.trim()), c.t.flash.skipped),
      });
    case 'note':
      return openDialog(c, {
        kind: 'text',
        title: c.t.dialog.noteTitle(c.fill(sel.step.title)),
        prompt: c.t.dialog.notePrompt,
        field: emptyField(),
        mask: false,
        validate: () => null,
        onSubmit: (text) => {
          if (text.trim()) perform(c, () => c.session.note(sel.id, text.trim()), c.t.flash.noted);
        },
      });
    case 'cancel':
      return openDialog(c, {
        kind: 'confirm',
        title: c.t.dialog.cancelStep(c.fill(sel.step.title)),
        body: [c.t.dialog.cancelBody],
        tone: 'danger',
        onYes: () => perform(c, () => c.session.cancel(sel.id), c.t.flash.cancelling),
      });
    case 'signoff': {
      const roles = signableRoles(c.view, sel);
      const signer = c.view.signer ?? '?';
      return openDialog(c, {
        kind: 'confirm',
        title: c.t.dialog.signoffStep(c.fill(sel.step.title), roles.join(', ')),
        body: [c.t.dialog.signoffBody(signer)],
        tone: 'warn',
        onYes: () =>
          perform(c, async () => {
            const said = await c.session.signoff?.({ kind: 'step', stepId: sel.id }, { role: roles[0] });
            if (said) flash(c, said, 'ok');
          }),
      });
    }
    case 'stopWaiting': {
      const hosts = unreachableHosts(sel);
      return openDialog(c, {
        kind: 'confirm',
        title: c.t.dialog.stopWaitingTitle(hosts),
        body: [c.t.dialog.stopWaitingBody],
        tone: 'danger',
        onYes: () => perform(c, () => c.session.stopWaiting(sel.id), c.t.flash.stoppedWaiting),
      });
    }
    case 'verify':
      flash(c, c.t.flash.verifying);
      return perform(c, async () => {
        const code = await c.session.verify(sel.id);
        flash(c, c.t.dialog.verifyResult(code), code === 0 ? 'ok' : 'warn');
      });
    default:
      return;
  }
}
