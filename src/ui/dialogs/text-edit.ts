// A controlled one-line text field as a pure function of (field, key). Backspace arrives as
// \x7f (ink 6.8 calls it `delete`) or \b; a paste arrives as one chunk of many characters and
// may itself contain \x7f. A bare Esc never discards typed text: the first one only arms.
import { actionFor } from '../keys.js';

export interface TextField {
  value: string;
  /** Esc was pressed once with text in the field; a second Esc discards. */
  armed: boolean;
}

export type EditAction = 'none' | 'submit' | 'cancel';

export const emptyField = (value = ''): TextField => ({ value, armed: false });

const NAVIGATION = new Set(['up', 'down', 'left', 'right', 'pgup', 'pgdn', 'home', 'end', 'tab', 'S-tab']);

function dropLast(value: string): string {
  const chars = Array.from(value);
  chars.pop();
  return chars.join('');
}

/** Apply typed or pasted characters: \x7f/\b delete, newlines become spaces, other controls vanish. */
export function typeChars(value: string, input: string): string {
  let out = value;
  for (const char of input) {
    if (char === '\x7f' || char === '\b') out = dropLast(out);
    else if (char === '\r' || char === '\n' || char === '\t') out += ' ';
    else if (char >= ' ' && char !== '\x1b' && !(char >= '\x80' && char <= '\x9f')) out += char;
  }
  return out;
}

export function editText(
  field: TextField,
  name: string,
  input: string,
): { field: TextField; action: EditAction } {
  switch (actionFor(['form'], name)) {
    case 'accept':
      return { field: { ...field, armed: false }, action: 'submit' };
    case 'discard':
      if (field.value === '' || field.armed) return { field, action: 'cancel' };
      return { field: { ...field, armed: true }, action: 'none' };
    case 'no':
      return { field, action: 'cancel' };
    case 'deleteChar':
      return { field: { value: dropLast(field.value), armed: false }, action: 'none' };
    case 'clearField':
      return { field: { value: '', armed: false }, action: 'none' };
    case 'deleteWord':
      return { field: { value: field.value.replace(/\S+\s*$/, ''), armed: false }, action: 'none' };
    default:
      break;
  }
  // Other named keys (arrows, Tab, PgUp, unbound Ctrl- keys) type nothing.
  if (NAVIGATION.has(name) || name.startsWith('C-')) return { field, action: 'none' };
  // Typed ahead and Enter in one chunk (a slow link): the text, then submit.
  const submits = input.length > 1 && /[\r\n]$/.test(input);
  const text = submits ? input.replace(/[\r\n]+$/, '') : input;
  return {
    field: { value: typeChars(field.value, text), armed: false },
    action: submits ? 'submit' : 'none',
  };
}
