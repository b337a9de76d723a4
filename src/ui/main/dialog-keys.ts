// Keys inside the main screen's dialogs, read through the bindings table: a confirmation, the
// leave question, a choice (an unknown outcome, a rollback criterion) or a text field. A dialog
// takes every key (nothing behind it reacts) except the help key where no text is typed; typed
// text is kept on a bare Esc (see text-edit.ts).
import { findStep } from '../../plan/outline.js';
import { editText, emptyField } from '../dialogs/text-edit.js';
import { type Dialog, UNKNOWN_CHOICES } from '../dialogs/types.js';
import { actionFor, type Where } from '../keys.js';
import { type CommandContext, perform } from './commands.js';

function close(c: CommandContext): void {
  c.dispatch({ type: 'closeDialog' });
}

function replace(c: CommandContext, dialog: Dialog): void {
  c.dispatch({ type: 'dialog', dialog });
}

/** Where a dialog's keys are looked up: none for a text field (editText reads the form's). */
export function dialogPlaces(dialog: Dialog): Where[] {
  switch (dialog.kind) {
    case 'confirm':
      return ['dialog:confirm'];
    case 'leave':
      return ['dialog:leave'];
    case 'unknown':
      return ['dialog:choice'];
    case 'rollback':
      return dialog.stage === 'pick' ? ['dialog:choice'] : [];
    case 'text':
    case 'typed':
      return [];
  }
}

/** Handle a key in the open dialog; false leaves it to the layers below (only the help key). */
export function dialogKey(dialog: Dialog, name: string, input: string, c: CommandContext): boolean {
  const places = dialogPlaces(dialog);
  if (places.length > 0 && actionFor(places, name) === null && actionFor(['global'], name) === 'help') {
    return false;
  }
  const action = actionFor(places, name);
  switch (dialog.kind) {
    case 'confirm':
    case 'leave':
      if (action === 'yes') {
        // The decision first, then the frame: its start (a step's spawn) goes before the render.
        if (dialog.kind === 'confirm') void dialog.onYes();
        close(c);
        if (dialog.kind === 'leave') c.leave();
      } else if (action === 'no') close(c);
      return true;
    case 'text': {
      const { field, action: edit } = editText(dialog.field, name, input);
      if (edit === 'cancel') close(c);
      else if (edit === 'submit') {
        if (dialog.validate(field.value) !== null) replace(c, { ...dialog, field, tried: true });
        else {
          close(c);
          void dialog.onSubmit(field.value);
        }
      } else replace(c, { ...dialog, field });
      return true;
    }
    case 'typed': {
      const { field, action: edit } = editText(dialog.field, name, input);
      if (edit === 'cancel') close(c);
      else if (edit === 'submit') {
        if (field.value !== dialog.word) replace(c, { ...dialog, field, tried: true });
        else {
          void dialog.onSubmit(field.value);
          close(c);
        }
      } else replace(c, { ...dialog, field });
      return true;
    }
    case 'unknown':
      unknownKey(dialog, action, c);
      return true;
    case 'rollback':
      rollbackKey(dialog, name, input, action, c);
      return true;
  }
}

function unknownKey(dialog: Extract<Dialog, { kind: 'unknown' }>, action: string | null, c: CommandContext) {
  if (action === 'no') return close(c);
  if (action === 'up') return replace(c, { ...dialog, index: Math.max(0, dialog.index - 1) });
  if (action === 'down') {
    return replace(c, { ...dialog, index: Math.min(UNKNOWN_CHOICES.length - 1, dialog.index + 1) });
  }
  if (action !== 'accept') return;
  const choice = UNKNOWN_CHOICES[dialog.index];
  if (choice === 'verify') {
    if (!dialog.hasVerify) return replace(c, { ...dialog, result: c.t.dialog.noVerify });
    replace(c, { ...dialog, result: c.t.flash.verifying });
    perform(c, async () => {
      const code = await c.session.verify(dialog.stepId);
      c.dispatch({ type: 'dialogResult', result: c.t.dialog.verifyResult(code) });
    });
    return;
  }
  const step = findStep(c.view.plan, dialog.stepId)?.step;
  if (choice === 'rerun' && step?.kind === 'command' && step.confirm) {
    // A dangerous step re-runs on its typed word, showing the exact command, as on Enter.
    return replace(c, {
      kind: 'typed',
      title: c.t.dialog.dangerous(c.fill(step.title)),
      command: (c.session.displayCommand(step.id) ?? step.run).split('\n'),
      word: step.confirm,
      field: emptyField(),
      tried: false,
      onSubmit: (typed) =>
        perform(c, () => c.session.resolveUnknown(dialog.stepId, 'rerun', { confirmWord: typed })),
    });
  }
  close(c);
  if (choice) perform(c, () => c.session.resolveUnknown(dialog.stepId, choice));
}

function rollbackKey(
  dialog: Extract<Dialog, { kind: 'rollback' }>,
  name: string,
  input: string,
  action: string | null,
  c: CommandContext,
) {
  const rollback = c.view.plan.rollback;
  if (!rollback) return close(c);
  if (dialog.stage === 'pick') {
    if (action === 'no') return close(c);
    if (action === 'up') return replace(c, { ...dialog, index: Math.max(0, dialog.index - 1) });
    if (action === 'down') {
      return replace(c, { ...dialog, index: Math.min(rollback.criteria.length - 1, dialog.index + 1) });
    }
    if (action === 'pick' && Number(name) <= rollback.criteria.length) {
      return replace(c, { ...dialog, index: Number(name) - 1 });
    }
    if (action === 'accept') replace(c, { ...dialog, stage: 'word' });
    return;
  }
  const { field, action: edit } = editText(dialog.field, name, input);
  if (edit === 'cancel') return close(c);
  if (edit === 'submit') {
    if (field.value !== rollback.confirm) return replace(c, { ...dialog, field, tried: true });
    const criterion = rollback.criteria[dialog.index];
    close(c);
    if (criterion) perform(c, () => c.session.decideRollback(criterion.id, field.value));
    return;
  }
  return replace(c, { ...dialog, field });
}
