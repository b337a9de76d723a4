// Sign-off rules without processes: who may sign, distinct people, pending lines; the team
// file validated like a plan (FILE:LINE:COL) and trusted only when nobody else can change it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ProblemsError } from '../../src/errors.js';
import { emptyRunState } from '../../src/journal/reducer.js';
import type { RunState, SignoffRecord } from '../../src/journal/state-types.js';
import { loadPlanText } from '../../src/plan/load.js';
import {
  judgeSigner,
  passRefusal,
  pendingLine,
  roleHolders,
  signoffStatus,
  splitLogins,
} from '../../src/team/signoff.js';
import { loadTeam, parseTeam } from '../../src/team/team-file.js';

const PLAN = loadPlanText(
  `
id: s
title: S
version: 1
language: en
roles:
  lead: { duty: d, owner: o, channel: c, logins: [alice] }
  dba: { duty: d, owner: o, channel: c, logins: $DBAS }
variables:
  DBAS: { description: DBA logins, pattern: '[a-z, ]+' }
phases:
  - id: p
    title: P
    window: T0
    steps:
      - { id: go, kind: manual, title: Go, signoff: lead, items: [x] }
      - { id: both, kind: command, title: Both, run: 'true', signoff: { roles: [lead, dba], distinct: true } }
      - { id: either, kind: command, title: Either, run: 'true', signoff: { roles: [lead, dba] } }
      - { id: free, kind: note, title: Free, text: t }
`,
  'plan.yaml',
).plan;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-team-file-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function state(signoffs: Record<string, Partial<SignoffRecord>[]> = {}): RunState {
  const base = emptyRunState();
  base.variables = { DBAS: 'bob, carol' };
  base.signoffs = Object.fromEntries(
    Object.entries(signoffs).map(([key, list]) => [
      key,
      list.map((record) => ({
        login: '',
        uid: 1,
        roles: [],
        givenAt: '',
        at: '',
        via: 'inbox' as const,
        requestId: 'r',
        ...record,
      })),
    ]),
  );
  return base;
}

describe('sign-off rules', () => {
  const holders = roleHolders(PLAN, null, state().variables);

  it('roles come from the plan list or a variable; team.yaml wins for the roles it names', () => {
    expect(holders.logins.get('lead')).toEqual(['alice']);
    expect(holders.logins.get('dba')).toEqual(['bob', 'carol']);
    const team = parseTeam('members:\n  dave: [lead]\n', 'team.yaml');
    const withTeam = roleHolders(PLAN, team, state().variables);
    expect(withTeam.logins.get('lead')).toEqual(['dave']);
    expect(withTeam.from.get('lead')).toBe('team.yaml');
    expect(withTeam.logins.get('dba')).toEqual(['bob', 'carol']);
    expect(splitLogins('a, b  c,,-x Root')).toEqual(['a', 'b', 'c']);
  });

  it('only a holder of a missing role may sign; distinct needs two people', () => {
    const go = signoffStatus(PLAN, state(), holders, { kind: 'step', stepId: 'go' });
    expect(go?.pending).toBe(true);
    expect(pendingLine(go!)).toBe('waiting for sign-off by lead (alice)');
    expect(judgeSigner(go, 'bob', holders)).toEqual({
      ok: false,
      reason: 'bob does not hold the role still to sign (lead: alice per the plan)',
    });
    expect(judgeSigner(go, 'alice', holders)).toEqual({ ok: true, roles: ['lead'] });
    expect(signoffStatus(PLAN, state(), holders, { kind: 'step', stepId: 'free' })).toBeNull();

    const both = state({ both: [{ login: 'alice', roles: ['lead'] }] });
    const status = signoffStatus(PLAN, both, holders, { kind: 'step', stepId: 'both' });
    expect(status?.missing).toEqual(['dba']);
    expect(pendingLine(status!)).toBe('waiting for sign-off by dba (bob, carol), each by a different person');
    expect(judgeSigner(status, 'bob', holders)).toEqual({ ok: true, roles: ['dba'] });
    // alice holding dba too would still be refused: distinct.
    const aliceDba = roleHolders(PLAN, parseTeam('members:\n  alice: [lead, dba]\n', 't'), {});
    const again = signoffStatus(PLAN, both, aliceDba, { kind: 'step', stepId: 'both' });
    expect(judgeSigner(again, 'alice', aliceDba)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('different person'),
    });
    // Without distinct one person holding both roles signs both at once.
    const either = signoffStatus(PLAN, state(), aliceDba, { kind: 'step', stepId: 'either' });
    expect(judgeSigner(either, 'alice', aliceDba)).toEqual({ ok: true, roles: ['lead', 'dba'] });
    expect(judgeSigner(either, 'alice', aliceDba, 'dba')).toEqual({ ok: true, roles: ['dba'] });
    const done = signoffStatus(PLAN, state({ go: [{ login: 'alice', roles: ['lead'] }] }), holders, {
      kind: 'step',
      stepId: 'go',
    });
    expect(done?.pending).toBe(false);
    expect(judgeSigner(done, 'alice', holders)).toMatchObject({
      ok: false,
      reason: 'step go is already signed off by alice (lead)',
    });
  });

  it('passRefusal says who and how', () => {
    expect(passRefusal(PLAN, state(), holders, { kind: 'step', stepId: 'go' })).toBe(
      'step go is waiting for sign-off by lead (alice); they give it from their own terminal: release-cockpit signoff PLAN --run RUN go',
    );
    expect(
      passRefusal(PLAN, state({ go: [{ roles: ['lead'] }] }), holders, { kind: 'step', stepId: 'go' }),
    ).toBeNull();
  });

  it('the plan refuses a sign-off by an undeclared role, at its line', () => {
    const text = `id: s\ntitle: S\nversion: 1\nlanguage: en\nroles:\n  lead: { duty: d, owner: o, channel: c, logins: $NOPE }\nphases:\n  - id: p\n    title: P\n    window: T0\n    steps:\n      - { id: go, kind: note, title: Go, text: t, signoff: { roles: [led] } }\n`;
    let lines: string[] = [];
    try {
      loadPlanText(text, 'x.yaml');
    } catch (error) {
      lines = (error as ProblemsError).lines;
    }
    expect(lines).toEqual([
      'x.yaml:6:50: roles.lead.logins: no variable NOPE under variables',
      'x.yaml:12:70: phases[0].steps[0].signoff.roles[0]: no role "led" under roles (did you mean "lead"?)',
    ]);
  });
});

describe('team.yaml', () => {
  it('is validated like a plan: FILE:LINE:COL: PATH: message', () => {
    let lines: string[] = [];
    try {
      parseTeam('members:\n  alice: [lead]\n  Bob: lead\n', 'team.yaml');
    } catch (error) {
      expect(error).toBeInstanceOf(ProblemsError);
      lines = (error as ProblemsError).lines;
    }
    expect(lines).toEqual([
      'team.yaml:3:3: members.Bob: the name "Bob" must be a Unix login (lower case letters, digits, "_" or "-")',
    ]);
    expect(() => parseTeam('members:\n  bob: lead\n', 'team.yaml')).toThrow(
      /^team\.yaml:2:8: members\.bob: /,
    );
    expect(() => parseTeam('memebrs: {}\n', 'team.yaml')).toThrow(
      /team\.yaml:1:1: memebrs: .*did you mean "members"/,
    );
  });

  it('is trusted only when its owner alone can write it', () => {
    const file = path.join(dir, 'team.yaml');
    fs.writeFileSync(file, 'members:\n  alice: [lead]\n', { mode: 0o664 });
    fs.chmodSync(file, 0o664);
    expect(() => loadTeam(dir)).toThrow(/writable by its group or others \(mode 664\)/);
    fs.chmodSync(file, 0o644);
    expect(loadTeam(dir)?.roles.get('lead')).toEqual(['alice']);
    expect(loadTeam(path.join(dir, 'none'))).toBeNull();
  });
});
