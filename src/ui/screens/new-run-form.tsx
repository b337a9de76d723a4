// The new-run form: the run's name (a valid name, not taken), then each plan variable not given
// on the command line and not set later by a step, checked as typed. Done: the run is opened.
import type { ReactElement } from 'react';
import { RUN_NAME_PATTERN } from '../../journal/paths.js';
import { useUiEnv } from '../env.js';
import type { PlanEntry } from '../services.js';
import { type FormField, FormScreen } from './form-screen.js';

/** Loaded when a new run is started (it pulls in the plan schema, which the first frame avoids). */
export type VariableChecks = Pick<
  typeof import('../../plan/variables.js'),
  'checkValue' | 'laterSetVariables'
>;

export interface NewRunFormProps {
  entry: PlanEntry;
  /** Names of the plan's runs: a new one must differ. */
  existing: readonly string[];
  /** --var values: not asked again. */
  given: Record<string, string>;
  checks: VariableChecks;
  columns: number;
  rows: number;
  onCancel: () => void;
  onDone: (run: string, variables: Record<string, string>) => void;
}

export function NewRunForm(props: NewRunFormProps): ReactElement | null {
  const { t } = useUiEnv();
  const plan = props.entry.plan;
  if (!plan) return null;
  const { checkValue, laterSetVariables } = props.checks;
  const later = laterSetVariables(plan);
  const names = Object.keys(plan.variables).filter(
    (name) => props.given[name] === undefined && !later.has(name),
  );
  const fields: FormField[] = [
    {
      label: t.header.run,
      description: t.newRun.name,
      hint: null,
      initial: '',
      mask: false,
      validate: (value) =>
        !RUN_NAME_PATTERN.test(value)
          ? t.newRun.badName
          : props.existing.includes(value)
            ? t.newRun.exists
            : null,
    },
    ...names.map((name, i): FormField => {
      const def = plan.variables[name];
      const notes = [
        def?.example && !def.secret ? t.newRun.example(def.example) : null,
        def?.secret ? t.newRun.secret : null,
        def?.required === false ? t.newRun.optional : null,
      ].filter(Boolean);
      return {
        label: t.newRun.variable(i + 1, names.length, name),
        description: def?.description ?? name,
        hint: notes.length ? notes.join(' · ') : null,
        initial: def?.default ?? '',
        mask: !!def?.secret,
        validate: (value) => (!def || (value === '' && !def.required) ? null : checkValue(name, def, value)),
      };
    }),
  ];
  return (
    <FormScreen
      title={t.newRun.title(plan.title)}
      fields={fields}
      columns={props.columns}
      rows={props.rows}
      onCancel={props.onCancel}
      onDone={([run = '', ...values]) => {
        const variables: Record<string, string> = { ...props.given };
        names.forEach((name, i) => {
          if (values[i] !== undefined && values[i] !== '') variables[name] = values[i] as string;
        });
        props.onDone(run, variables);
      }}
    />
  );
}
