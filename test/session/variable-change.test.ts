// A run reopened with a variable given differently: the change is journaled and said loudly
// once a step has moved (the steps before used the old value); before that it is quiet.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRunSession } from '../../src/session/open.js';
import { fakeRunner, fixture, journal, OPERATOR, tempDir } from './helpers.js';

let state: ReturnType<typeof tempDir>;
beforeEach(() => {
  state = tempDir();
});
afterEach(() => state.cleanup());

const open = (tag: string) =>
  openRunSession({
    planPath: fixture('basic'),
    run: 'r',
    stateDir: state.dir,
    operator: OPERATOR,
    variables: { RELEASE_TAG: tag },
    runner: fakeRunner({}),
  });

describe('a variable given again differently', () => {
  it('is quiet while no step has moved, and warned of (and journaled) once one has', async () => {
    await (await open('v1.0.0')).close();
    const early = await open('v1.0.1');
    expect(early.view().warnings).toEqual([]);
    await early.markDone('prep.read');
    await early.close();

    const late = await open('v2.0.0');
    try {
      expect(late.view().warnings).toContain(
        'RELEASE_TAG changes from "v1.0.1" to "v2.0.0" as given now; steps that ran before used the old value',
      );
      expect(late.view().state.variables.RELEASE_TAG).toBe('v2.0.0');
    } finally {
      await late.close();
    }
    const sets = journal(state.dir, 'basic', 'r').filter((record) => record.type === 'variable.set');
    expect(sets.map((record) => record.data)).toEqual([
      { name: 'RELEASE_TAG', value: 'v1.0.1', origin: 'cli' },
      { name: 'RELEASE_TAG', value: 'v2.0.0', origin: 'cli' },
    ]);
  });
});

describe('a missing variable', () => {
  it('a secret is asked of the environment, never of the command line (ps shows it)', async () => {
    await expect(
      openRunSession({
        planPath: fixture('secret'),
        run: 'r',
        stateDir: state.dir,
        operator: OPERATOR,
        variables: {},
        env: {},
        requireVariables: true,
        runner: fakeRunner({}),
      }),
    ).rejects.toThrow(
      'missing variable API_TOKEN (Token for the deploy API): set RC_VAR_API_TOKEN in the environment (a --var value shows in ps)',
    );
  });
});
