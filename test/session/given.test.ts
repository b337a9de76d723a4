// The one merge of variable values for the cockpit, headless runs and the dry run.
import { describe, expect, it } from 'vitest';
import { ProblemsError } from '../../src/errors.js';
import { loadPlanText } from '../../src/plan/load.js';
import { MASK } from '../../src/plan/secret-mask.js';
import { gatherGiven, runValues } from '../../src/session/given.js';

const { plan } = loadPlanText(
  `id: given
title: Given values
version: 1
language: en
variables:
  TAG: { description: The tag, pattern: 'v[0-9]+' }
  DIR: { description: A directory, pattern: '/[a-z/]+', default: /srv/app }
  TOKEN: { description: A token, pattern: '[a-z]{4,}', secret: true }
phases:
  - id: main
    title: Main
    window: T0
    steps:
      - { id: one, kind: note, title: One, text: Hello }
`,
  'given.yaml',
);

describe('gatherGiven', () => {
  it('takes --var over RC_VAR_<NAME>, and names the source of a refused value', () => {
    const env = { RC_VAR_TAG: 'v1', RC_VAR_TOKEN: 'abcd', OTHER: 'x' };
    expect(gatherGiven(plan, { TAG: 'v2' }, env).given).toEqual({ TAG: 'v2', TOKEN: 'abcd' });
    expect(gatherGiven(plan, {}, env).resolved.values).toEqual({ TAG: 'v1', DIR: '/srv/app', TOKEN: 'abcd' });
    const refused = (cli: Record<string, string>, e: NodeJS.ProcessEnv) => {
      try {
        gatherGiven(plan, cli, e);
      } catch (error) {
        return error instanceof ProblemsError ? error.lines : [];
      }
      return [];
    };
    expect(refused({ TAG: 'x' }, {})[0]).toMatch(/^--var TAG/);
    expect(refused({}, { RC_VAR_TAG: 'x' })[0]).toMatch(/^RC_VAR_TAG/);
  });
});

describe('runValues', () => {
  it('a new run: the given values and the defaults', () => {
    const values = runValues(plan, gatherGiven(plan, { TAG: 'v1' }, {}), null);
    expect(values.env()).toEqual({ TAG: 'v1', DIR: '/srv/app' });
  });

  it('a reopened run: given values first, then the journal (never its masked secrets, never a default over it)', () => {
    const warnings: string[] = [];
    const journaled = { TAG: 'v1', DIR: '/srv/other', TOKEN: MASK };
    const values = runValues(plan, gatherGiven(plan, { TAG: 'v9' }, {}), journaled, warnings);
    expect(values.env()).toEqual({ TAG: 'v9', DIR: '/srv/other' });
    expect(warnings).toEqual([]);
  });

  it('drops a journaled value the plan no longer accepts, with a warning', () => {
    const warnings: string[] = [];
    const values = runValues(plan, gatherGiven(plan, {}, {}), { TAG: 'latest' }, warnings);
    expect(values.has('TAG')).toBe(false);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^the journaled value of TAG/);
  });
});
