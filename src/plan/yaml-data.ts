// A small YAML file checked by a zod schema (the team file, a headless run's answers), with every
// problem as `FILE:LINE:COL: PATH: message`, the way plans report theirs.
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { describeIssues } from './issues.js';
import { problemsError } from './load.js';
import { formatPath, PositionIndex } from './positions.js';

export interface YamlData<T> {
  data: T;
  /** Where a path of the data stands in the file, for problems found after the schema. */
  index: PositionIndex;
}

/**
 * `text` checked by `schema`. `scalars: 'text'` reads every scalar as the text written (YAML's
 * failsafe schema): `3.10` stays "3.10", `no` stays "no" — what a file of values needs.
 */
export function parseYamlData<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
  options: { scalars?: 'typed' | 'text' } = {},
): YamlData<z.output<S>> {
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: true,
    ...(options.scalars === 'text' ? { schema: 'failsafe' as const } : {}),
  });
  const index = new PositionIndex(doc, lines, text);
  if (doc.errors.length > 0) {
    throw problemsError(
      file,
      doc.errors.map((error) => ({
        ...index.position(error.pos[0]),
        message: `YAML syntax error (${(error.message.split('\n')[0] ?? '').replace(/\.$/, '')})`,
      })),
    );
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  const parsed = schema.safeParse(data ?? {});
  if (!parsed.success) {
    throw problemsError(
      file,
      describeIssues(parsed.error.issues, schema, data).map((problem) => ({
        ...index.locate(problem.path, problem.target, problem.needle),
        path: formatPath(problem.path),
        message: problem.message,
      })),
    );
  }
  return { data: parsed.data, index };
}
