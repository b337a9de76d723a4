// Sign-offs at the session level, in one process (no second Unix user needed): a watch session
// hands its sign-off to the writer through the inbox, and the writer's open session journals
// it without being reopened; headless stops at a pending sign-off. The two-user version is
// test/team/signoff-users.test.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { driveHeadless } from '../../src/session/headless.js';
import { openRunSession } from '../../src/session/open.js';
import { eventually, fakeRunner, journal, OPERATOR, tempDir } from './helpers.js';

const PLAN = path.join(import.meta.dirname, '..', 'team', 'fixtures', 'signoff.yaml');
const me = os.userInfo().username;
let state: ReturnType<typeof tempDir>;

beforeEach(() => {
  state = tempDir('rc-signoff-session-');
  fs.writeFileSync(path.join(state.dir, 'team.yaml'), `members:\n  ${me}: [tech-lead]\n`, { mode: 0o644 });
});
afterEach(() => state.cleanup());

const open = (watch = false) =>
  openRunSession({
    planPath: PLAN,
    run: 'r',
    stateDir: state.dir,
    operator: OPERATOR,
    variables: {},
    watch,
    runner: fakeRunner({}),
  });

describe('sign-off in sessions', () => {
  it('a watch hands its sign-off to the writer, whose open session journals it', async () => {
    const writer = await open();
    const watcher = await open(true);
    try {
      await writer.confirmItem('go-no-go', 0);
      await writer.confirmItem('go-no-go', 1);
      expect(writer.view().state.steps['go-no-go']?.status).toBe('pending');
      await expect(writer.markDone('go-no-go')).rejects.toThrow(`waiting for sign-off by tech-lead (${me})`);
      const said = await watcher.signoff({ kind: 'step', stepId: 'go-no-go' }, { note: 'go' });
      expect(said).toBe(`step go-no-go: sign-off by ${me} handed to the writer`);
      await eventually(() => writer.view().state.steps['go-no-go']?.status === 'done');
      expect(writer.view().signoffs?.['go-no-go']).toMatchObject({
        pending: false,
        given: [{ login: me, via: 'inbox', note: 'go' }],
      });
      // The watch follows the journal: it sees the step done too.
      await eventually(() => watcher.view().state.steps['go-no-go']?.status === 'done');
    } finally {
      await watcher.close();
      await writer.close();
    }
    const types = journal(state.dir, 'signoff-test', 'r').map((record) => record.type);
    expect(types.slice(-3)).toEqual(['signoff.given', 'step.done', 'lock.released']);
  });

  it('the writer signs its own off when its login holds the role; headless waits at a pending one', async () => {
    const session = await open();
    try {
      const lines: string[] = [];
      // go-no-go waits for its checklist first; tick it, then headless stops at the sign-off.
      await session.confirmItem('go-no-go', 0);
      await session.confirmItem('go-no-go', 1);
      expect(await driveHeadless(session, (line) => lines.push(line))).toBe(3);
      expect(lines.at(-1)).toBe(
        `waiting for the operator: step go-no-go (Go / no-go) needs a sign-off: waiting for sign-off by tech-lead (${me})`,
      );
      expect(await session.signoff({ kind: 'step', stepId: 'go-no-go' })).toBe(
        `step go-no-go: signed off by ${me} as tech-lead`,
      );
      expect(session.view().state.steps['go-no-go']?.status).toBe('done');
      await expect(session.start('migrate')).rejects.toThrow(
        'step migrate is waiting for sign-off by tech-lead',
      );
    } finally {
      await session.close();
    }
  });

  it('a sign-off dropped while nobody holds the run is journaled by the next opener', async () => {
    const first = await open();
    await first.close();
    const watch = await open(true);
    await watch.signoff({ kind: 'rollback' });
    await watch.close();
    const next = await open();
    try {
      expect(next.view().signoffs?.['@rollback']).toMatchObject({ pending: false, given: [{ login: me }] });
    } finally {
      await next.close();
    }
  });
});

describe('a broken team file', () => {
  it('does not break the session: nothing waiting for its roles passes, and the refusal says why', async () => {
    const session = await open();
    try {
      fs.writeFileSync(path.join(state.dir, 'team.yaml'), 'members:\n  Bad Name: [tech-lead]\n');
      expect(session.view().signoffs?.['go-no-go']?.pending).toBe(true);
      await expect(session.markDone('go-no-go')).rejects.toThrow(
        /waiting for sign-off by tech-lead \(nobody holds it\).*\(team file: .*team\.yaml:2:3: members\["Bad Name"\]/,
      );
    } finally {
      await session.close();
    }
  });
});
