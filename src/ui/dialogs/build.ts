// Dialogs drawn as lines: a title bar, the body, the field, a hint and the keys.
import type { Plan } from '../../plan/schema.js';
import type { Strings } from '../i18n/index.js';
import { type Line, padLine, seg } from '../model/line.js';
import { wrapPlain } from '../text.js';
import type { TextField } from './text-edit.js';
import { type Dialog, UNKNOWN_CHOICES } from './types.js';

function titleBar(title: string, width: number, tone: 'accent' | 'danger' | 'warn' = 'accent'): Line {
  return padLine([seg(` ${title} `, { bold: true, inverse: true, tone })], width, { inverse: true, tone });
}

function fieldLine(field: TextField, mask: boolean): Line {
  const shown = mask ? '•'.repeat(Array.from(field.value).length) : field.value;
  return [seg('> ', { tone: 'accent', bold: true }), seg(shown), seg('█', { dim: true })];
}

function wrap(text: string, width: number, style: Parameters<typeof seg>[1] = {}): Line[] {
  return wrapPlain(text, width).map((part) => [seg(part, style)]);
}

function keysLine(...keys: string[]): Line {
  return [seg(keys.join('   '), { dim: true })];
}

function armedHint(field: TextField, t: Strings): Line[] {
  return field.armed ? [[seg(t.dialog.escAgain, { tone: 'warn' })]] : [];
}

/** Keep a dialog within `maxHeight`: the body gives way (with a count of what is hidden), never the field or keys. */
function clampBody(head: Line[], body: Line[], tail: Line[], maxHeight: number): Line[] {
  const room = maxHeight - head.length - tail.length;
  if (body.length <= room) return [...head, ...body, ...tail];
  const keep = Math.max(0, room - 1);
  return [...head, ...body.slice(0, keep), [seg(`… +${body.length - keep}`, { dim: true })], ...tail];
}

export function buildDialog(
  dialog: Dialog,
  plan: Plan,
  t: Strings,
  width: number,
  maxHeight = 1000,
  fill: (text: string) => string = (text) => text,
): Line[] {
  const inner = Math.max(10, width - 2);
  switch (dialog.kind) {
    case 'confirm':
      return clampBody(
        [
          titleBar(dialog.title, width, dialog.tone === 'danger' ? 'danger' : 'accent'),
          ...(dialog.notice ? wrap(`⚠ ${dialog.notice}`, inner, { tone: 'warn' }) : []),
        ],
        dialog.body.flatMap((text) => wrap(text, inner)),
        [keysLine(t.dialog.yes, t.dialog.no)],
        maxHeight,
      );
    case 'text': {
      const error = dialog.validate(dialog.field.value);
      return [
        titleBar(dialog.title, width),
        ...wrap(dialog.prompt, inner),
        fieldLine(dialog.field, dialog.mask),
        ...(error && (dialog.tried || dialog.field.value) ? [[seg(`✘ ${error}`, { tone: 'bad' })]] : []),
        ...(dialog.hint ? wrap(dialog.hint, inner, { dim: true }) : []),
        ...armedHint(dialog.field, t),
        keysLine(t.dialog.submit, t.dialog.cancel),
      ];
    }
    case 'typed':
      return clampBody(
        [
          titleBar(dialog.title, width, 'danger'),
          ...(dialog.notice ? wrap(`⚠ ${dialog.notice}`, inner, { tone: 'warn' }) : []),
          [seg(t.dialog.willRun, { dim: true })],
        ],
        dialog.command.map(
          (text): Line => [seg('$ ', { dim: true }), seg(text, { tone: 'accent', bold: true })],
        ),
        [
          [seg(t.dialog.typeWord(dialog.word), { tone: 'danger', bold: true })],
          fieldLine(dialog.field, false),
          ...(dialog.tried && dialog.field.value !== dialog.word
            ? [[seg(`✘ ${t.dialog.wrongWord(dialog.word)}`, { tone: 'bad' })]]
            : []),
          ...armedHint(dialog.field, t),
          keysLine(t.dialog.submit, t.dialog.cancel),
        ],
        maxHeight,
      );
    case 'unknown': {
      const labels = {
        rerun: t.dialog.unknownRerun,
        verify: t.dialog.unknownVerify,
        done: t.dialog.unknownDone,
        failed: t.dialog.unknownFailed,
      };
      return [
        titleBar(dialog.title, width, 'warn'),
        ...wrap(t.dialog.unknownBody, inner),
        ...UNKNOWN_CHOICES.map((choice, i): Line => {
          const selected = i === dialog.index;
          const disabled = choice === 'verify' && !dialog.hasVerify;
          return [
            seg(selected ? '› ' : '  ', { bold: true }),
            seg(labels[choice], { inverse: selected, dim: disabled }),
          ];
        }),
        ...(dialog.result ? [[seg(dialog.result, { tone: 'info' })]] : []),
        keysLine('↑/↓', t.dialog.submit, t.dialog.cancel),
      ];
    }
    case 'rollback': {
      const rollback = plan.rollback;
      if (!rollback) return [titleBar(t.dialog.rollbackTitle, width, 'danger')];
      const criteria = rollback.criteria.map((criterion, i): Line => {
        const selected = i === dialog.index;
        return [
          seg(selected ? '› ' : '  ', { bold: true }),
          seg(`${i + 1}. ${fill(criterion.text)}`, {
            inverse: selected && dialog.stage === 'pick',
            bold: selected,
          }),
        ];
      });
      if (dialog.stage === 'pick') {
        return [
          titleBar(t.dialog.rollbackTitle, width, 'danger'),
          [seg(t.dialog.rollbackPick)],
          ...criteria,
          keysLine('↑/↓', t.dialog.submit, t.dialog.cancel),
        ];
      }
      const picked = rollback.criteria[dialog.index];
      return [
        titleBar(t.dialog.rollbackTitle, width, 'danger'),
        [seg('› ', { bold: true }), seg(fill(picked?.text ?? ''), { bold: true })],
        ...wrap(t.dialog.rollbackWord(rollback.confirm), inner, { tone: 'danger', bold: true }),
        fieldLine(dialog.field, false),
        ...(dialog.tried && dialog.field.value !== rollback.confirm
          ? [[seg(`✘ ${t.dialog.wrongWord(rollback.confirm)}`, { tone: 'bad' })]]
          : []),
        ...armedHint(dialog.field, t),
        keysLine(t.dialog.submit, t.dialog.cancel),
      ];
    }
    case 'leave':
      return [
        titleBar(t.dialog.leaveTitle, width, 'warn'),
        ...(dialog.running > 0 ? wrap(t.dialog.leaveRunning(dialog.running), inner) : []),
        keysLine(t.dialog.yes, t.dialog.no),
      ];
  }
}
