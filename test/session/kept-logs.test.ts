// What the report may quote of a command's output: a multi-host artifact is each host's output
// under its name, then the summary; while the session knows a secret, the artifact and a
// failure's logs get masked copies, and the report's excerpts read those.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { readLogExcerpt } from '../../src/report/files.js';
import { openRunSession } from '../../src/session/open.js';
import type { AttemptSpec } from '../../src/session/ports.js';
import { fakeRunner, OPERATOR, startedIn, tempDir } from './helpers.js';

const SECRET = 'hunter2hunter2';
const PLAN = `id: kept
title: Kept logs
version: 1
language: en
variables:
  HOSTS: { description: Hosts, pattern: "[a-z0-9 ]+" }
  TOKEN: { description: A token, pattern: "[a-z0-9]{8,}", secret: true }
phases:
  - id: main
    title: Main
    window: T0
    steps:
      - { id: list, kind: command, title: List migrations, hosts: $HOSTS, artifact: true, run: 'echo "$TOKEN"' }
      - { id: bad, kind: command, title: Fails, run: 'echo "$TOKEN"; exit 3' }
`;

let state: { dir: string; cleanup: () => void };
beforeEach(() => {
  state = tempDir();
});
afterEach(() => state.cleanup());

it('a multi-host artifact holds every host’s output, then the summary; secrets masked there and in a failure’s log', async () => {
  const planFile = path.join(state.dir, 'kept.yaml');
  writeFileSync(planFile, PLAN);
  const started: AttemptSpec[] = [];
  const runner = fakeRunner({
    async start(spec) {
      started.push(spec);
      mkdirSync(spec.dir, { recursive: true });
      writeFileSync(path.join(spec.dir, 'log'), spec.hosts ? '2 hosts: all ok\n' : `token ${SECRET}\n`);
      for (const host of spec.hosts ?? []) {
        mkdirSync(path.join(spec.dir, 'hosts', host), { recursive: true });
        writeFileSync(
          path.join(spec.dir, 'hosts', host, 'log'),
          `0001_initial on ${host}\ntoken ${SECRET}\n`,
        );
      }
      return startedIn(spec.dir, 1);
    },
    async waitForExit(dir) {
      const spec = started.find((s) => s.dir === dir);
      const hosts = spec?.hosts
        ? Object.fromEntries(
            spec.hosts.map((h) => [h, { exitCode: 0, logPath: path.join(dir, 'hosts', h, 'log') }]),
          )
        : undefined;
      const exitCode = hosts ? 0 : 3;
      return {
        exit: { exitCode, signal: null, endedAt: new Date().toISOString(), timedOut: false },
        ...(hosts ? { hosts } : {}),
      };
    },
  });
  const session = await openRunSession({
    planPath: planFile,
    run: 'r',
    stateDir: state.dir,
    operator: OPERATOR,
    variables: { HOSTS: 'web1 web2', TOKEN: SECRET },
    runner,
  });
  try {
    await session.start('list');
    await session.until(() => (session.view().state.steps.list?.artifacts.length ?? 0) > 0);
    const artifact = session.view().state.steps.list?.artifacts[0]?.logPath ?? '';
    expect(path.basename(artifact)).toBe('artifact.log');
    expect(readFileSync(path.resolve(state.dir, artifact), 'utf8')).toBe(
      [
        '── web1 (exit 0)',
        '0001_initial on web1',
        'token ••••••',
        '── web2 (exit 0)',
        '0001_initial on web2',
        'token ••••••',
        '── summary',
        '2 hosts: all ok',
        '',
      ].join('\n'),
    );
    await session.start('bad');
    await session.until(() => session.view().state.steps.bad?.status === 'failed');
    const raw = session.view().state.steps.bad?.attempts[0]?.logPath ?? '';
    const excerpt = readLogExcerpt(path.resolve(state.dir, raw));
    expect(excerpt.lastLines).toEqual(['token ••••••']);
  } finally {
    await session.close();
  }
});
