// The JSON Schema editors use to complete and check plans (`# yaml-language-server:
// $schema=plan.schema.json`). Generated from the zod schema so the two never drift apart.
import { z } from 'zod';
import { PlanSchema } from './schema.js';

export const PLAN_SCHEMA_ID = 'urn:release-cockpit:plan-schema';

/** Draft-07: the draft yaml-language-server and most editors understand fully. */
export function planJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(PlanSchema, { io: 'input', target: 'draft-7' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return { $schema, $id: PLAN_SCHEMA_ID, title: 'release-cockpit plan', ...rest };
}

/** The text of plans/plan.schema.json: two-space JSON and a final newline. */
export function planJsonSchemaText(): string {
  return `${JSON.stringify(planJsonSchema(), null, 2)}\n`;
}
