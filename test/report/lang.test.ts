// The report in the operator's language (--lang, else LC_ALL/LC_MESSAGES/LANG, else the
// plan's), and its hash-chain line: which journal, which head hash, verified when.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRun } from '../../src/journal/run-open.js';
import { loadPlanFile } from '../../src/plan/load.js';
import { pickReportLang } from '../../src/report/lang.js';
import { runCli } from '../helpers/cli.js';

const PLAN = path.join(import.meta.dirname, '..', 'schedule', 'fixtures', 'agenda.yaml');
let stateDir: string;

beforeAll(async () => {
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-report-lang-'));
  const store = createRun({
    stateDir,
    loaded: await loadPlanFile(PLAN),
    run: 'r',
    operator: { user: 'tester', host: 'h', tty: null, sshClient: null },
    variables: { RELEASE_AT: '2026-12-01T22:00+03:00' },
  });
  store.close();
});
afterAll(() => fs.rmSync(stateDir, { recursive: true, force: true }));

const report = (env: NodeJS.ProcessEnv, ...args: string[]) =>
  runCli(['report', PLAN, '--run', 'r', '--state-dir', stateDir, ...args], {
    env: { LC_ALL: '', LC_MESSAGES: '', LANG: '', ...env },
  });

describe('report language and chain line', () => {
  it('chooses as the cockpit does, the plan’s language when the locale names none', () => {
    expect(pickReportLang('ru', {}, 'en')).toBe('ru');
    expect(pickReportLang(undefined, { LANG: 'ru_RU.UTF-8' }, 'en')).toBe('ru');
    expect(pickReportLang(undefined, { LC_ALL: 'en_US.UTF-8', LANG: 'ru_RU.UTF-8' }, 'ru')).toBe('en');
    expect(pickReportLang(undefined, { LANG: 'C.UTF-8' }, 'ru')).toBe('ru');
    expect(pickReportLang(undefined, {}, 'en')).toBe('en');
  });

  it('an English plan reported for a Russian operator; the journal line names file, head and time', () => {
    const ru = report({ LANG: 'ru_RU.UTF-8' });
    expect(ru.code).toBe(0);
    expect(ru.stdout).toContain('# Отчёт о релизе: Agenda test — прогон r');
    const json = JSON.parse(report({}, '--format', 'json').stdout) as {
      journal: { file: string; headSha256: string; verifiedAt: string; verified: boolean };
    };
    expect(json.journal.file).toBe(path.join(stateDir, 'runs', 'agenda-test', 'r', 'journal.jsonl'));
    expect(json.journal.verifiedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    const line = ru.stdout.split('\n').find((l) => l.startsWith('| Журнал |'));
    expect(line).toContain(`\`${json.journal.file}\`: событий 3, цепочка хешей проверена ✅ 20`);
    expect(line).toContain(json.journal.headSha256);
    const en = report({ LANG: 'C.UTF-8' }).stdout;
    expect(en).toMatch(
      /\| Journal \| `[^`]+journal\.jsonl`: 3 events, hash chain verified ✅ at \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ; head sha256 `[0-9a-f]{64}` \|/,
    );
    // The timeline is in it: no earlier runs, so only what happened.
    expect(en).toContain('No earlier runs of this plan: only what happened is drawn.');
  });
});
