// One variable value against its declaration. Kept behind this one function so the session
// follows the plan loader's rules (src/plan/variables.ts) once they are in the tree.
import type { Variable } from '../plan/schema.js';

export function validateValue(name: string, variable: Variable, value: string): string | null {
  if (variable.pattern === undefined) {
    if (!variable.freeText) return `${name} has no pattern in the plan and is not freeText: refused`;
    if (value.includes('\0')) return `${name} must not contain a NUL byte`;
    return null;
  }
  let pattern: RegExp;
  try {
    pattern = new RegExp(`^(?:${variable.pattern})$`, 'u');
  } catch {
    return `${name}: the plan's pattern is not a valid regular expression`;
  }
  if (!pattern.test(value)) {
    const shown = variable.secret ? '' : ` (${JSON.stringify(value)})`;
    return `${name} must match ${variable.pattern}${shown}`;
  }
  return null;
}
