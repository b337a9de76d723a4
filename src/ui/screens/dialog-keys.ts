// Keys inside a dialog. A dialog takes every key (nothing behind it reacts); typed text is
// kept on a bare Esc (see text-edit.ts).
import { findStep } from '../../plan/outline.js';
import { editText, emptyField } from '../dialogs/text-edit.js';
import { type Dialog, UNKNOWN_CHOICES } from '../dialogs/types.js';
import { type CommandContext, perform } from './main-commands.js';

function close(c: CommandContext): void {
  c.update((ui) => ({ ...ui, dialog: null }));
}

function replace(c: CommandContext, dialog: Dialog): void {
  c.update((ui) => ({ ...ui, dialog }));
}

export function dialogKey(dialog: Dialog, name: string, input: string, c: CommandContext) {
  switch (dialog.kind) {
    case 'confirm':
    case 'leave': {
      const yes =
        name === 'enter' || name === 'y' || name === 'Y' || (dialog.kind === 'leave' && name === 'C-c');
      if (yes) {
        // The decision first, then the frame: its start (a step's spawn) goes before the render.
        if (dialog.kind === 'confirm') void dialog.onYes();
        close(c);
        if (dialog.kind === 'leave') c.leave();
      } else if (name === 'esc' || name === 'n' || name === 'N' || name === 'q' || name === 'C-c') close(c);
      return;
    }
    case 'text': {
      const { field, action } = editText(dialog.field, name, input);
      if (action === 'cancel') return close(c);
      if (action === 'submit') {
        if (dialog.validate(field.value) !== null) return replace(c, { ...dialog, field, tried: true });
        close(c);
        void dialog.onSubmit(field.value);
        return;
      }
      return replace(c, { ...dialog, field });
    }
    case 'typed': {
      const { field, action } = editText(dialog.field, name, input);
      if (action === 'cancel') return close(c);
      if (action === 'submit') {
        if (field.value !== dialog.word) return replace(c, { ...dialog, field, tried: true });
        void dialog.onSubmit(field.value);
        close(c);
        return;
      }
      return replace(c, { ...dialog, field });
    }
    case 'unknown': {
      if (name === 'esc' || name === 'C-c' || name === 'q') return close(c);
      if (name === 'up' || name === 'k')
        return replace(c, { ...dialog, index: Math.max(0, dialog.index - 1) });
      if (name === 'down' || name === 'j') {
        return replace(c, { ...dialog, index: Math.min(UNKNOWN_CHOICES.length - 1, dialog.index + 1) });
      }
      if (name !== 'enter') return;
      const choice = UNKNOWN_CHOICES[dialog.index];
      if (choice === 'verify') {
        if (!dialog.hasVerify) return replace(c, { ...dialog, result: c.t.dialog.noVerify });
        replace(c, { ...dialog, result: c.t.flash.verifying });
        perform(c, async () => {
          const code = await c.session.verify(dialog.stepId);
          c.update((ui) =>
            ui.dialog?.kind === 'unknown'
              ? { ...ui, dialog: { ...ui.dialog, result: c.t.dialog.verifyResult(code) } }
              : ui,
          );
        });
        return;
      }
      const step = findStep(c.view.plan, dialog.stepId)?.step;
      if (choice === 'rerun' && step?.kind === 'command' && step.confirm) {
        // A dangerous step re-runs on its typed word, showing the exact command, as on Enter.
        const word = step.confirm;
        return replace(c, {
          kind: 'typed',
          title: c.t.dialog.dangerous(c.fill(step.title)),
          command: (c.session.displayCommand(step.id) ?? step.run).split('\n'),
          word,
          field: emptyField(),
          tried: false,
          onSubmit: (typed) =>
            perform(c, () => c.session.resolveUnknown(dialog.stepId, 'rerun', { confirmWord: typed })),
        });
      }
      close(c);
      if (choice) perform(c, () => c.session.resolveUnknown(dialog.stepId, choice));
      return;
    }
    case 'rollback': {
      const rollback = c.view.plan.rollback;
      if (!rollback) return close(c);
      if (dialog.stage === 'pick') {
        if (name === 'esc' || name === 'C-c' || name === 'q') return close(c);
        if (name === 'up' || name === 'k')
          return replace(c, { ...dialog, index: Math.max(0, dialog.index - 1) });
        if (name === 'down' || name === 'j') {
          return replace(c, { ...dialog, index: Math.min(rollback.criteria.length - 1, dialog.index + 1) });
        }
        if (/^[1-9]$/.test(name) && Number(name) <= rollback.criteria.length) {
          return replace(c, { ...dialog, index: Number(name) - 1 });
        }
        if (name === 'enter') replace(c, { ...dialog, stage: 'word' });
        return;
      }
      const { field, action } = editText(dialog.field, name, input);
      if (action === 'cancel') return close(c);
      if (action === 'submit') {
        if (field.value !== rollback.confirm) return replace(c, { ...dialog, field, tried: true });
        const criterion = rollback.criteria[dialog.index];
        close(c);
        if (criterion) perform(c, () => c.session.decideRollback(criterion.id, field.value));
        return;
      }
      return replace(c, { ...dialog, field });
    }
  }
}
