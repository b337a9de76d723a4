// The variables a reopened run still needs (secrets are never stored, so they are asked again),
// each checked by the session as typed and set through it. Done or cancelled: on to the run.
import type { ReactElement } from 'react';
import type { Session } from '../../session/types.js';
import { useUiEnv } from '../env.js';
import { fillTemplate, shownValues } from '../model/template.js';
import { type FormField, FormScreen } from './form-screen.js';

export interface VariablesFormProps {
  session: Session;
  columns: number;
  rows: number;
  /** Set or skipped: the run's next screen. */
  onNext: () => void;
}

export function VariablesForm({ session, columns, rows, onNext }: VariablesFormProps): ReactElement {
  const { t } = useUiEnv();
  const view = session.view();
  const names = view.missingVariables ?? [];
  // The run's known values fill the descriptions' {{NAME}}s (secrets masked), as on the main screen.
  const known = shownValues(view.plan, view.state.variables);
  const fields = names.map((name, i): FormField => {
    const def = view.plan.variables[name];
    return {
      label: t.newRun.variable(i + 1, names.length, name),
      description: def ? fillTemplate(def.description, known) : name,
      hint: def?.secret ? t.newRun.secret : def?.example ? t.newRun.example(def.example) : null,
      initial: '',
      mask: !!def?.secret,
      validate: (value) => session.validateVariable(name, value),
    };
  });
  return (
    <FormScreen
      title={view.plan.title}
      fields={fields}
      columns={columns}
      rows={rows}
      onCancel={onNext}
      onDone={async (values) => {
        for (const [i, name] of names.entries()) {
          const error = await session.setVariable(name, values[i] ?? '');
          if (error) throw new Error(error);
        }
        onNext();
      }}
    />
  );
}
