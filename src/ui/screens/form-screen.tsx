// A sequence of one-line fields, each validated as it is typed: the new run's name and
// variables, or the variables a reopened run still needs.
import { Box } from 'ink';
import { type ReactElement, useState } from 'react';
import { LinesBox } from '../components/lines.js';
import { editText, emptyField, type TextField } from '../dialogs/text-edit.js';
import { useUiEnv } from '../env.js';
import { type Line, seg } from '../model/line.js';
import { useKeys } from '../router.js';
import { wrapPlain } from '../text.js';

export interface FormField {
  label: string;
  description: string;
  hint: string | null;
  initial: string;
  mask: boolean;
  validate: (value: string) => string | null;
}

export interface FormScreenProps {
  title: string;
  fields: FormField[];
  columns: number;
  rows: number;
  /** Called with all values; may reject with a message to show (the form stays). */
  onDone: (values: string[]) => Promise<void> | void;
  onCancel: () => void;
}

export function FormScreen({
  title,
  fields,
  columns,
  rows,
  onDone,
  onCancel,
}: FormScreenProps): ReactElement {
  const { t, theme } = useUiEnv();
  const [index, setIndex] = useState(0);
  const [values, setValues] = useState<string[]>(() => fields.map((f) => f.initial));
  const [field, setField] = useState<TextField>(() => emptyField(fields[0]?.initial ?? ''));
  const [tried, setTried] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const current = fields[index];

  useKeys('dialog', (name, input) => {
    if (!current) return true;
    const edit = editText(field, name, input);
    if (edit.action === 'cancel') {
      if (index === 0) onCancel();
      else {
        setIndex(index - 1);
        setField(emptyField(values[index - 1] ?? ''));
        setTried(false);
      }
      return true;
    }
    if (edit.action === 'submit') {
      if (current.validate(edit.field.value) !== null) {
        setField(edit.field);
        setTried(true);
        return true;
      }
      const next = values.map((v, i) => (i === index ? edit.field.value : v));
      setValues(next);
      setTried(false);
      if (index + 1 < fields.length) {
        setIndex(index + 1);
        setField(emptyField(next[index + 1] ?? ''));
      } else {
        setFailure(null);
        Promise.resolve(onDone(next)).catch((error: unknown) =>
          setFailure(error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)),
        );
      }
      return true;
    }
    setField(edit.field);
    return true;
  });

  const width = columns - 2;
  const lines: Line[] = [[seg(title, { bold: true, tone: 'accent' })], []];
  fields.forEach((f, i) => {
    if (i >= index) return;
    const shown = f.mask ? '••••••' : values[i] || '—';
    lines.push([seg('✔ ', { tone: 'ok' }), seg(`${f.label}: `, { dim: true }), seg(shown)]);
  });
  if (current) {
    lines.push([]);
    lines.push([seg(current.label, { bold: true })]);
    for (const text of wrapPlain(current.description, width)) lines.push([seg(text)]);
    if (current.hint)
      for (const text of wrapPlain(current.hint, width)) lines.push([seg(text, { dim: true })]);
    const shown = current.mask ? '•'.repeat(Array.from(field.value).length) : field.value;
    lines.push([seg('> ', { tone: 'accent', bold: true }), seg(shown), seg('█', { dim: true })]);
    const error = current.validate(field.value);
    if (error && (tried || field.value !== '')) lines.push([seg(`✘ ${error}`, { tone: 'bad' })]);
    else if (!error && field.value !== '') lines.push([seg('✔', { tone: 'ok' })]);
    if (field.armed) lines.push([seg(t.dialog.escAgain, { tone: 'warn' })]);
  }
  if (failure) lines.push([seg(t.start.openFailed(failure), { tone: 'bad', bold: true })]);
  const footer: Line = [seg(`${t.dialog.submit}   ${t.dialog.cancel}`, { dim: true })];
  return (
    <Box flexDirection="column" width={columns} height={rows - 1}>
      <LinesBox lines={lines} width={columns} height={rows - 2} theme={theme} />
      <LinesBox lines={[footer]} width={columns} height={1} theme={theme} />
    </Box>
  );
}
