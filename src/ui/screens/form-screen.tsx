// A sequence of one-line fields, each validated as it is typed (model/form.ts holds its state,
// reducer and lines): the new run's name and variables, or the variables a reopened run still
// needs. Every key goes to the text field (a form takes all keys, ? included).
import { Box } from 'ink';
import { type ReactElement, useReducer } from 'react';
import { LinesBox } from '../components/lines.js';
import { editText } from '../dialogs/text-edit.js';
import { useUiEnv } from '../env.js';
import { type FormField, formLines, formReducer, initialForm } from '../model/form.js';
import { type Line, seg } from '../model/line.js';
import { useKeys } from '../router.js';

export type { FormField };

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
  const [state, dispatch] = useReducer(formReducer, fields, initialForm);
  const current = fields[state.index];

  useKeys('dialog', (name, input) => {
    if (!current) return true;
    const edit = editText(state.field, name, input);
    if (edit.action === 'cancel') {
      if (state.index === 0) onCancel();
      else dispatch({ type: 'back' });
    } else if (edit.action === 'submit') {
      if (current.validate(edit.field.value) !== null) dispatch({ type: 'refused', field: edit.field });
      else {
        dispatch({ type: 'accept', value: edit.field.value });
        if (state.index + 1 >= fields.length) {
          const values = state.values.map((v, i) => (i === state.index ? edit.field.value : v));
          dispatch({ type: 'failed', message: null });
          Promise.resolve(onDone(values)).catch((error: unknown) =>
            dispatch({
              type: 'failed',
              message: error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error),
            }),
          );
        }
      }
    } else dispatch({ type: 'edit', field: edit.field });
    return true;
  });

  const footer: Line = [seg(`${t.dialog.submit}   ${t.dialog.cancel}`, { dim: true })];
  return (
    <Box flexDirection="column" width={columns} height={rows - 1}>
      <LinesBox
        lines={formLines(title, fields, state, t, columns - 2)}
        width={columns}
        height={rows - 2}
        theme={theme}
      />
      <LinesBox lines={[footer]} width={columns} height={1} theme={theme} />
    </Box>
  );
}
