// `{{NAME}}` in plan text replaced by the run's (journaled, secrets already masked) values;
// unknown names stay as written. Kept here so the first frame does not load the plan schema.
const REFERENCE = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export function fillTemplate(text: string, values: Record<string, string>): string {
  return text.replace(REFERENCE, (whole, name: string) =>
    Object.hasOwn(values, name) ? (values[name] as string) : whole,
  );
}
