// `{{NAME}}` in plan text replaced by the run's values; unknown names stay as written.
// Kept here (type-only plan imports) so the first frame does not load the plan schema.

import type { Plan } from '../../plan/schema.js';
import { MASK } from '../../plan/secret-mask.js';

const REFERENCE = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export function fillTemplate(text: string, values: Record<string, string>): string {
  return text.replace(REFERENCE, (whole, name: string) =>
    Object.hasOwn(values, name) ? (values[name] as string) : whole,
  );
}

/**
 * The values plan text may show: the run's journaled values, else the plan's defaults; a secret
 * is MASK whenever it has a value (the journal masks it already; a default must not leak either).
 */
export function shownValues(
  plan: Pick<Plan, 'variables'>,
  journaled: Record<string, string>,
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, variable] of Object.entries(plan.variables)) {
    const value = Object.hasOwn(journaled, name) ? journaled[name] : variable.default;
    if (value === undefined) continue;
    values[name] = variable.secret ? MASK : value;
  }
  return values;
}
