import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { currentOperator, sshClientAddress } from '../../src/journal/operator.js';
import { journalPath } from '../../src/journal/paths.js';
import { createRun, openRun } from '../../src/journal/run-open.js';
import { readSnapshot } from '../../src/journal/snapshot.js';
import {
  checkOwnership,
  confDefaultDir,
  ensurePrivateDir,
  resolveStateDir,
} from '../../src/journal/statedir.js';
import { makeLoaded, OPERATOR, removeDir, tempDir } from './helpers.js';

let root: string;
beforeEach(() => {
  root = tempDir();
});
afterEach(() => removeDir(root));

describe('state directory', () => {
  it('resolves option > env > conf default', () => {
    const saved = process.env.RELEASE_COCKPIT_STATE_DIR;
    try {
      process.env.RELEASE_COCKPIT_STATE_DIR = '/from/env';
      expect(resolveStateDir('/from/option')).toBe('/from/option');
      expect(resolveStateDir()).toBe('/from/env');
      delete process.env.RELEASE_COCKPIT_STATE_DIR;
      expect(resolveStateDir()).toBe(confDefaultDir());
      expect(confDefaultDir()).toMatch(/release-cockpit-nodejs$/);
    } finally {
      if (saved === undefined) delete process.env.RELEASE_COCKPIT_STATE_DIR;
      else process.env.RELEASE_COCKPIT_STATE_DIR = saved;
    }
  });

  it('creates private directories, and 2770 below a setgid team directory', () => {
    ensurePrivateDir(path.join(root, 'a/b'));
    expect(fs.statSync(path.join(root, 'a')).mode & 0o7777).toBe(0o700);
    expect(fs.statSync(path.join(root, 'a/b')).mode & 0o7777).toBe(0o700);
    const team = path.join(root, 'team');
    fs.mkdirSync(team);
    fs.chmodSync(team, 0o2770);
    const store = createRun({
      stateDir: team,
      loaded: makeLoaded(),
      run: 'r1',
      operator: OPERATOR,
      variables: {},
    });
    store.close();
    expect(fs.statSync(path.join(team, 'runs')).mode & 0o7777).toBe(0o2770);
    expect(fs.statSync(journalPath(store.dir)).mode & 0o777).toBe(0o660);
    const reopened = openRun({
      stateDir: team,
      loaded: makeLoaded(),
      run: 'r1',
      operator: OPERATOR,
      mode: 'write',
    });
    reopened.close();
  });

  it('refuses files writable by others, group-writable outside setgid, and other owners', () => {
    const store = createRun({
      stateDir: root,
      loaded: makeLoaded(),
      run: 'r1',
      operator: OPERATOR,
      variables: {},
    });
    store.close();
    const journal = journalPath(store.dir);
    const open = () =>
      openRun({ stateDir: root, loaded: makeLoaded(), run: 'r1', operator: OPERATOR, mode: 'read' });
    fs.chmodSync(journal, 0o602);
    expect(open).toThrow(/journal\.jsonl: file is writable by others \(mode 602\); run chmod o-w on it/);
    fs.chmodSync(journal, 0o620);
    expect(open).toThrow(/group-writable \(mode 620\) outside a setgid team directory/);
    fs.chmodSync(journal, 0o600);
    if (process.getuid?.() === 0) {
      fs.chownSync(journal, 65534, 65534);
      expect(open).toThrow(/belongs to uid 65534, not to you/);
      fs.chownSync(journal, 0, 0);
    }
    fs.chmodSync(store.dir, 0o777);
    expect(open).toThrow(/directory is writable by others/);
    fs.chmodSync(store.dir, 0o700);
    expect(open().state.run).toBe('r1');
    expect(() => checkOwnership(path.join(root, 'missing'))).not.toThrow();
  });
});

describe('snapshot', () => {
  it('is rebuilt when missing, behind or invalid, and stray conf temp files are swept', () => {
    const loaded = makeLoaded();
    const store = createRun({
      stateDir: root,
      loaded,
      run: 'r1',
      operator: OPERATOR,
      variables: { RELEASE_TAG: 'v1' },
    });
    store.setPosition('build');
    store.event('note', { text: 'x' });
    const dir = store.dir;
    expect(readSnapshot(dir, store.state).status).toBe('behind');
    store.close();
    const file = path.join(dir, 'snapshot.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const stray = path.join(dir, 'snapshot.json.tmp-1764239000123abcdef');
    fs.writeFileSync(stray, '{"half');
    fs.writeFileSync(file, '{ not json');
    const reopened = openRun({ stateDir: root, loaded, run: 'r1', operator: OPERATOR, mode: 'write' });
    expect(fs.existsSync(stray)).toBe(false);
    expect(reopened.snapshot).toMatchObject({
      lastSeq: reopened.state.lastSeq,
      variables: { RELEASE_TAG: 'v1' },
    });
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).lastSeq).toBe(reopened.state.lastSeq);
    reopened.setPosition('deploy');
    reopened.close();
    fs.rmSync(file);
    const third = openRun({ stateDir: root, loaded, run: 'r1', operator: OPERATOR, mode: 'write' });
    expect(third.snapshot?.position).toBeNull();
    third.close();
  });
});

describe('operator', () => {
  it('names user, host and the ssh client', () => {
    expect(sshClientAddress({ SSH_CONNECTION: '10.1.2.3 5555 10.0.0.1 22' })).toBe('10.1.2.3');
    expect(sshClientAddress({ SSH_CLIENT: '::1 5555 22' })).toBe('::1');
    expect(sshClientAddress({})).toBeNull();
    expect(currentOperator('carol')).toMatchObject({ user: 'carol', host: os.hostname() });
    expect(currentOperator().user).toBe(os.userInfo().username);
  });
});
