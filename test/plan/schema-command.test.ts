import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planJsonSchema } from '../../src/plan/json-schema.js';
import { ROOT, runCli } from '../helpers/cli.js';

describe('release-cockpit schema', () => {
  it('prints the JSON Schema that is checked in as plans/plan.schema.json', () => {
    const result = runCli(['schema']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const checkedIn = readFileSync(path.join(ROOT, 'plans/plan.schema.json'), 'utf8');
    // If this fails after a schema change: node dist/cli.js schema > plans/plan.schema.json
    expect(result.stdout).toBe(checkedIn);
  });

  it('describes the plan as editors need it: strict objects, the step kinds, patterns', () => {
    const schema = planJsonSchema() as {
      $id: string;
      title: string;
      additionalProperties: boolean;
      required: string[];
      properties: Record<
        string,
        { items?: { properties?: Record<string, { items?: { oneOf?: unknown[] } }> } }
      >;
    };
    expect(schema.$id).toBe('urn:release-cockpit:plan-schema');
    expect(schema.title).toBe('release-cockpit plan');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(expect.arrayContaining(['id', 'title', 'version', 'language', 'phases']));
    // io: input — keys with defaults (roles, variables) are optional for the author.
    expect(schema.required).not.toContain('roles');
    const kinds = schema.properties.phases?.items?.properties?.steps?.items?.oneOf ?? [];
    expect(JSON.stringify(kinds)).toContain('"const":"gate"');
    expect(kinds).toHaveLength(6);
  });

  it('takes no arguments', () => {
    const result = runCli(['schema', 'extra']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('usage: release-cockpit schema');
  });
});
