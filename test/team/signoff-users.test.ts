// Sign-off by role with two real Unix users in a team state directory (setgid, group-shared):
// the release manager's session cannot pass the tech lead's step, the tech lead's sign-off from
// a second process unblocks that session while it stays open, and journal and report say who
// signed, as which role, and when. Needs root (useradd); where CI=true, its absence fails.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { JournalRecord } from '../../src/journal/events.js';
import { CLI } from '../helpers/cli.js';
import { describeWhere } from '../helpers/tools.js';
import { asUser, createTeam, spawnAsUser, type TeamUsers, usersUnavailable } from '../helpers/unix-users.js';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const PLAN = path.join(FIXTURES, 'signoff.yaml');
const unavailable = usersUnavailable();

function journal(team: TeamUsers, run: string): JournalRecord[] {
  const file = path.join(team.stateDir, 'runs', 'signoff-test', run, 'journal.jsonl');
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as JournalRecord);
}

// Where CI=true (the tests themselves run with CI=false; describeWhere reads what CI meant) a
// machine that cannot create users fails here instead of skipping.
describeWhere(unavailable)('sign-off by role, two Unix users', () => {
  let team: TeamUsers;
  let rm: string;
  let tl: string;
  const cli = (user: string, ...args: string[]) =>
    asUser(user, [process.execPath, CLI, '--state-dir', team.stateDir, ...args]);

  beforeAll(() => {
    team = createTeam(['rm', 'tl']);
    [rm, tl] = team.users as [string, string];
    // The team file is root's and read-only for the team: nobody grants themselves a role.
    fs.writeFileSync(
      path.join(team.stateDir, 'team.yaml'),
      `members:\n  ${rm}: [release-manager, dba]\n  ${tl}: [tech-lead, dba]\n`,
      { mode: 0o644 },
    );
  });
  afterAll(() => team?.cleanup());

  it('the release manager cannot pass the go/no-go; the tech lead unblocks the open session', async () => {
    const events: Record<string, unknown>[] = [];
    let waiting: () => void = () => undefined;
    const waited = new Promise<void>((resolve) => {
      waiting = resolve;
    });
    const writer = spawnAsUser(
      rm,
      [process.execPath, path.join(FIXTURES, 'writer.mjs'), team.stateDir, PLAN, 'r1'],
      (line) => {
        const event = JSON.parse(line) as Record<string, unknown>;
        events.push(event);
        if (event.event === 'waiting') waiting();
      },
    );
    await Promise.race([waited, writer.exited.then(() => Promise.reject(new Error(writer.stderr())))]);
    const byName = (name: string) => events.find((event) => event.event === name);
    expect(byName('confirm-all')).toMatchObject({ ok: true });
    for (const name of ['mark-done', 'skip']) {
      expect(byName(name)).toMatchObject({ ok: false });
      expect(String(byName(name)?.message)).toContain('waiting for sign-off by tech-lead');
      expect(String(byName(name)?.message)).toContain(tl);
    }
    expect(String(byName('own-signoff')?.message)).toContain(`${rm} does not hold the role still to sign`);
    expect(String(byName('rollback')?.message)).toContain(
      'the rollback decision is waiting for sign-off by tech-lead',
    );
    expect(byName('waiting')).toMatchObject({ status: 'pending' });

    // The release manager's own CLI cannot give it either (exit 2, nothing dropped).
    const refused = cli(rm, 'signoff', PLAN, '--run', 'r1', 'go-no-go');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${rm} does not hold the role still to sign (tech-lead: ${tl}`);

    const given = cli(tl, 'signoff', PLAN, '--run', 'r1', 'go-no-go', '--note', 'go');
    expect(given.stderr + given.stdout).toBe(given.stdout);
    expect(given.code).toBe(0);
    expect(given.stdout).toMatch(
      new RegExp(`signed off by ${tl} as tech-lead \\(journal seq \\d+, by ignored-typed-name@`),
    );
    expect(await writer.exited).toBe(0);
    const unblocked = byName('unblocked') as {
      noticedMs: number;
      given: { login: string; roles: string[] }[];
    };
    expect(unblocked.given).toMatchObject([{ login: tl, roles: ['tech-lead'], via: 'inbox', note: 'go' }]);
    // The checklist ticked while waiting is done once signed.
    expect(byName('status')).toMatchObject({ status: 'done' });
    console.log(`sign-off noticed by the open session ${unblocked.noticedMs} ms after it was given`);

    const records = journal(team, 'r1');
    const signed = records.find((record) => record.type === 'signoff.given');
    expect(signed).toMatchObject({
      step: 'go-no-go',
      // The envelope names the writer (its typed name); the signer is the uid's login.
      operator: { user: 'ignored-typed-name' },
      data: { login: tl, roles: ['tech-lead'], target: 'step' },
    });
    const uid = Number(asUser(tl, ['id', '-u']).stdout.trim());
    expect(signed?.data).toMatchObject({ uid });
    const done = records.findIndex((record) => record.type === 'step.done' && record.step === 'go-no-go');
    expect(done).toBeGreaterThan(records.indexOf(signed as JournalRecord));
    expect(fs.readdirSync(path.join(team.stateDir, 'runs', 'signoff-test', 'r1', 'inbox'))).toEqual([]);
  });

  it('two distinct people for the migration; mark refuses while it waits; the rollback sign-off', () => {
    const before = journal(team, 'r1').length;
    const mark = cli(rm, 'mark', PLAN, '--run', 'r1', 'migrate', '--done');
    expect(mark.code).toBe(2);
    expect(mark.stderr).toContain('step migrate is waiting for sign-off by tech-lead');
    expect(
      journal(team, 'r1')
        .slice(before)
        .map((r) => r.type),
    ).toEqual([]);

    // Nobody holds the run: the signoff command journals its own record.
    const first = cli(tl, 'signoff', PLAN, '--run', 'r1', 'migrate');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`signed off by ${tl} as tech-lead (journal seq`);
    const again = cli(tl, 'signoff', PLAN, '--run', 'r1', 'migrate');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('it needs a different person for dba');
    const second = cli(rm, 'signoff', PLAN, '--run', 'r1', 'migrate');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`signed off by ${rm} as dba`);

    expect(cli(rm, 'signoff', PLAN, '--run', 'r1', '--rollback').stderr).toContain(`${rm} does not hold`);
    const rollback = cli(tl, 'signoff', PLAN, '--run', 'r1', '--rollback');
    expect(rollback.code).toBe(0);
    expect(rollback.stdout).toContain(`the rollback decision of run r1: signed off by ${tl} as tech-lead`);
  });

  it('a record whose owner is not who it claims is refused and journaled as such', () => {
    const inbox = path.join(team.stateDir, 'runs', 'signoff-test', 'r1', 'inbox');
    const forged = asUser(rm, [
      process.execPath,
      '-e',
      `const fs=require('fs');const id='20261201T000000000Z-1-forged';fs.writeFileSync(${JSON.stringify(inbox)}+'/'+id+'.json',JSON.stringify({format:'release-cockpit-signoff/1',id,target:'rollback',login:${JSON.stringify(tl)},uid:1,givenAt:new Date().toISOString()}))`,
    ]);
    expect(forged.code).toBe(0);
    // The next writer to open the run journals what waits in the inbox.
    const status = cli(rm, 'run', PLAN, '--run', 'r1', '--headless');
    expect(status.stdout).toContain(`sign-off by ${rm} refused: the record claims ${tl}`);
    const refused = journal(team, 'r1').filter((record) => record.type === 'signoff.refused');
    expect(refused.at(-1)?.data).toMatchObject({ login: rm });
  });

  it('journal and report show who signed, as which role, and when', () => {
    const json = cli(rm, 'report', PLAN, '--run', 'r1', '--format', 'json');
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as {
      phases: {
        steps: {
          id: string;
          signoff: { given: { login: string; roles: string[]; givenAt: string }[] } | null;
        }[];
      }[];
      rollback: { signoff: { given: { login: string }[]; pending: boolean } | null };
    };
    const steps = report.phases[0]?.steps ?? [];
    expect(steps.find((step) => step.id === 'go-no-go')?.signoff?.given).toMatchObject([
      { login: tl, roles: ['tech-lead'] },
    ]);
    expect(steps.find((step) => step.id === 'migrate')?.signoff?.given.map((g) => g.login)).toEqual([tl, rm]);
    expect(report.rollback.signoff).toMatchObject({ pending: false, given: [{ login: tl }] });
    const md = cli(rm, 'report', PLAN, '--run', 'r1', '--lang', 'en');
    expect(md.stdout).toMatch(new RegExp(`Signed off: tech-lead — ${tl} \\(uid \\d+\\) at 20\\d\\d-`));
  });
});
