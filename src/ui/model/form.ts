// The state of a form of one-line fields (the new run's name and variables, the variables a
// reopened run still needs), its reducer, and its lines. Pure: the component reads keys and
// calls back; validation is each field's own function.
import { emptyField, type TextField } from '../dialogs/text-edit.js';
import type { Strings } from '../i18n/index.js';
import { wrapPlain } from '../text.js';
import { type Line, seg } from './line.js';

export interface FormField {
  label: string;
  description: string;
  hint: string | null;
  initial: string;
  mask: boolean;
  validate: (value: string) => string | null;
}

export interface FormState {
  /** The field being typed; fields before it are accepted. */
  index: number;
  values: string[];
  field: TextField;
  /** Enter was pressed on an invalid value: its error shows even when the field is empty. */
  tried: boolean;
  /** Why the last submit of the whole form failed (the form stays). */
  failure: string | null;
}

export type FormAction =
  | { type: 'edit'; field: TextField }
  | { type: 'refused'; field: TextField }
  /** The current field is accepted with `value`; the next one (if any) is typed. */
  | { type: 'accept'; value: string }
  | { type: 'back' }
  | { type: 'failed'; message: string | null };

export function initialForm(fields: readonly FormField[]): FormState {
  return {
    index: 0,
    values: fields.map((f) => f.initial),
    field: emptyField(fields[0]?.initial ?? ''),
    tried: false,
    failure: null,
  };
}

export function formReducer(state: FormState, action: FormAction): FormState {
  switch (action.type) {
    case 'edit':
      return { ...state, field: action.field };
    case 'refused':
      return { ...state, field: action.field, tried: true };
    case 'accept': {
      const values = state.values.map((v, i) => (i === state.index ? action.value : v));
      const last = state.index + 1 >= values.length;
      return last
        ? { ...state, values, field: { ...state.field, value: action.value }, tried: false, failure: null }
        : {
            ...state,
            values,
            index: state.index + 1,
            field: emptyField(values[state.index + 1] ?? ''),
            tried: false,
          };
    }
    case 'back':
      if (state.index === 0) return state;
      return {
        ...state,
        index: state.index - 1,
        field: emptyField(state.values[state.index - 1] ?? ''),
        tried: false,
      };
    case 'failed':
      return { ...state, failure: action.message };
  }
}

export function formLines(
  title: string,
  fields: readonly FormField[],
  state: FormState,
  t: Strings,
  width: number,
): Line[] {
  const lines: Line[] = [[seg(title, { bold: true, tone: 'accent' })], []];
  fields.forEach((f, i) => {
    if (i >= state.index) return;
    const shown = f.mask ? '••••••' : state.values[i] || '—';
    lines.push([seg('✔ ', { tone: 'ok' }), seg(`${f.label}: `, { dim: true }), seg(shown)]);
  });
  const current = fields[state.index];
  const { field } = state;
  if (current) {
    lines.push([]);
    lines.push([seg(current.label, { bold: true })]);
    for (const text of wrapPlain(current.description, width)) lines.push([seg(text)]);
    if (current.hint)
      for (const text of wrapPlain(current.hint, width)) lines.push([seg(text, { dim: true })]);
    const shown = current.mask ? '•'.repeat(Array.from(field.value).length) : field.value;
    lines.push([seg('> ', { tone: 'accent', bold: true }), seg(shown), seg('█', { dim: true })]);
    const error = current.validate(field.value);
    if (error && (state.tried || field.value !== '')) lines.push([seg(`✘ ${error}`, { tone: 'bad' })]);
    else if (!error && field.value !== '') lines.push([seg('✔', { tone: 'ok' })]);
    if (field.armed) lines.push([seg(t.dialog.escAgain, { tone: 'warn' })]);
  }
  if (state.failure) lines.push([seg(t.start.openFailed(state.failure), { tone: 'bad', bold: true })]);
  return lines;
}
