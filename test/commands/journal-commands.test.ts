// status, mark, report and force-unlock through the built CLI (dist/cli.js).
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadJournal } from '../../src/journal/journal.js';
import { journalPath } from '../../src/journal/paths.js';
import { bootId, processStartTime } from '../../src/sys/proc.js';
import { runCli } from '../helpers/cli.js';
import { PLAN_INPUT, removeDir, tempDir } from '../journal/helpers.js';
import { finishedRun, makeRun, runAttempt, writePlan } from './run-fixture.js';

let dir: string;
let stateDir: string;
let planFile: string;
beforeEach(async () => {
  dir = tempDir('rc-cmd-');
  stateDir = path.join(dir, 'state');
  planFile = await writePlan(dir);
});
afterEach(() => removeDir(dir));
// Each case spawns the CLI several times; a busy 2-core machine makes that slow.
vi.setConfig({ testTimeout: 180_000 });

const cli = (...args: string[]) => runCli([...args, '--state-dir', stateDir, '--operator', 'carol']);

describe('status', () => {
  it('--json follows the contract and reports an exit record the journal has not seen yet', async () => {
    const store = await makeRun(stateDir, planFile);
    store.event('step.done', {}, 'freeze');
    runAttempt(store, 'build', 1, ['ok'], { exitCode: 0, finish: false, writeExit: true });
    runAttempt(store, 'deploy', 1, ['…'], { exitCode: 0, finish: false });
    const lockId = store.lockHolder?.lockId;
    const result = cli('status', planFile, '--run', 'v1', '--json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(Object.keys(json)).toEqual(['plan', 'run', 'lock', 'steps', 'rollback', 'journal']);
    expect(json.plan).toEqual({
      id: 'demo',
      path: planFile,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(json.run).toBe('v1');
    expect(json.lock).toEqual({
      lockId,
      user: 'alice',
      host: expect.any(String),
      pid: process.pid,
      since: expect.any(String),
    });
    expect(json.steps.map((s: { id: string }) => s.id)).toEqual([
      'freeze',
      'build',
      'deploy',
      'smoke',
      'announce',
      'revert',
    ]);
    expect(Object.keys(json.steps[0])).toEqual([
      'id',
      'phase',
      'kind',
      'status',
      'attempts',
      'exitCode',
      'startedAt',
      'endedAt',
      'durationMs',
    ]);
    expect(json.steps[0]).toMatchObject({
      id: 'freeze',
      phase: 'prep',
      kind: 'manual',
      status: 'done',
      attempts: 0,
    });
    // The wrapper wrote exit.json after the journal said "running": status tells the truth.
    expect(json.steps[1]).toMatchObject({ id: 'build', status: 'succeeded', attempts: 1, exitCode: 0 });
    expect(json.steps[1].durationMs).toBeGreaterThan(0);
    // No exit record and the process is gone: the outcome is unknown.
    expect(json.steps[2]).toMatchObject({ id: 'deploy', status: 'unknown', exitCode: null });
    expect(json.steps[5]).toMatchObject({ id: 'revert', phase: 'rollback', status: 'pending' });
    expect(json.rollback).toBeNull();
    expect(json.journal).toEqual({ events: store.records, verified: true });
    // Read-only: the journal still says running.
    expect(loadJournal(journalPath(store.dir), { repair: false }).records).toHaveLength(store.records);
    const human = cli('status', planFile, '--run', 'v1');
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^demo · run v1 · 2\/5 steps finished/);
    expect(human.stdout).toMatch(/lock: alice@\S+ pid \d+/);
    expect(human.stdout).toMatch(/prep\s+build\s+command\s+succeeded\*\s+1\s+0/);
    expect(human.stdout).toMatch(/journal: \d+ events, chain verified/);
    store.close();
  });

  it('says which runs exist, and refuses a damaged journal naming the line', async () => {
    const store = await makeRun(stateDir, planFile);
    store.close();
    const missing = cli('status', planFile, '--run', 'v2');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('release-cockpit: no run "v2" of plan demo (runs of demo: v1)\n');
    const file = journalPath(store.dir);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines[0] = lines[0]!.replace('v1.2.3', 'v9.9.9');
    fs.writeFileSync(file, lines.join('\n'));
    const damaged = cli('status', planFile, '--run', 'v1', '--json');
    expect(damaged.code).toBe(2);
    expect(damaged.stderr).toBe(
      `release-cockpit: ${file}:1: checksum mismatch (the line was altered); the journal is damaged, refusing to load it\n`,
    );
    expect(cli('status', planFile).code).toBe(2);
  });
});

describe('mark', () => {
  it('records done, skip (with a reason) and failed; validates the step', async () => {
    const store = await makeRun(stateDir, planFile);
    store.close();
    expect(
      cli('mark', planFile, '--run', 'v1', 'freeze', '--done', '--note', 'checked by hand'),
    ).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^freeze: marked done in run v1 \(journal seq \d+\)\n$/),
    });
    const noReason = cli('mark', planFile, '--run', 'v1', 'smoke', '--skip');
    expect(noReason).toMatchObject({ code: 2, stderr: expect.stringMatching(/--skip needs the reason/) });
    expect(cli('mark', planFile, '--run', 'v1', 'smoke', '--skip', '--note', 'canary').code).toBe(0);
    expect(cli('mark', planFile, '--run', 'v1', 'deploy', '--failed').code).toBe(0);
    const typo = cli('mark', planFile, '--run', 'v1', 'deplyo', '--done');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/no step "deplyo" in plan demo \(did you mean "deploy"\?\)/);
    expect(cli('mark', planFile, '--run', 'v1', 'deploy', '--done', '--failed').code).toBe(2);
    const records = loadJournal(journalPath(store.dir), { repair: false }).records;
    const marks = records.filter((r) => r.seq > 2 && !r.type.startsWith('lock.'));
    expect(marks.map((r) => [r.type, r.step, r.operator.user])).toEqual([
      ['step.done', 'freeze', 'carol'],
      ['step.skipped', 'smoke', 'carol'],
      ['step.markedFailed', 'deploy', 'carol'],
    ]);
    expect(marks[1]?.data).toEqual({ reason: 'canary' });
    const status = JSON.parse(cli('status', planFile, '--run', 'v1', '--json').stdout);
    expect(status.steps.map((s: { status: string }) => s.status).slice(0, 4)).toEqual([
      'done',
      'pending',
      'failed',
      'skipped',
    ]);
  });

  it('refuses to decide a step whose process still runs', async () => {
    const store = await makeRun(stateDir, planFile);
    const self = { pid: process.pid, pidStart: processStartTime(process.pid) ?? '', bootId: bootId() };
    store.event('step.started', { attempt: 1, ...self, logPath: '/dev/null', commandDigest: 'c' }, 'build');
    store.close();
    const result = cli('mark', planFile, '--run', 'v1', 'build', '--failed');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /step build is still running \(attempt 1, pid \d+\); wait for it or cancel it/,
    );
  });

  it('exits 4 naming the holder when a live process holds the run', async () => {
    const store = await makeRun(stateDir, planFile);
    const locked = cli('mark', planFile, '--run', 'v1', 'freeze', '--done');
    expect(locked.code).toBe(4);
    expect(locked.stderr).toMatch(
      /^release-cockpit: run v1 is locked by alice@\S+ pid \d+ .*since .*\(lock id [0-9a-f]+\)\n$/,
    );
    store.close();
  });
});

describe('force-unlock', () => {
  it('needs the matching lock id, removes the lock and journals it', async () => {
    const store = await makeRun(stateDir, planFile);
    const lockId = store.lockHolder?.lockId as string;
    const wrong = cli('force-unlock', planFile, '--run', 'v1', 'deadbeef');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/lock id deadbeef does not match the lock held by alice@/);
    const ok = cli('force-unlock', planFile, '--run', 'v1', lockId);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^removed the lock of alice@/);
    // The old holder notices before it writes anything.
    expect(() => store.event('note', { text: 'late' })).toThrow(/lost the lock/);
    const records = loadJournal(journalPath(store.dir), { repair: false }).records;
    expect(records.at(-1)).toMatchObject({ type: 'lock.forced', data: { lockId, by: 'carol' } });
    expect(cli('force-unlock', planFile, '--run', 'v1', lockId)).toMatchObject({ code: 2 });
    store.close();
  });
});

describe('report', () => {
  it('is written in the plan’s language unless --lang says otherwise', async () => {
    const ruPlan = await writePlan(dir, { ...PLAN_INPUT, language: 'ru' });
    const store = await finishedRun(stateDir, ruPlan);
    store.close();
    const md = cli('report', ruPlan, '--run', 'v1').stdout;
    expect(md).toContain('# Отчёт о релизе: Demo release — прогон v1');
    expect(md).toContain('**завершён** — завершено шагов: 5 из 5');
    expect(md).toContain('| Шаг | Название | Тип | Статус | Кто |');
    expect(md).toContain('цепочка хешей проверена ✅');
    expect(md).toContain('## Откат');
    expect(md).not.toMatch(/Release report|steps finished|chain verified/);
    const en = cli('report', ruPlan, '--run', 'v1', '--lang', 'en').stdout;
    expect(en).toContain('# Release report: Demo release — run v1');
    // The JSON is the same whatever the language; it names the plan's.
    const json = JSON.parse(cli('report', ruPlan, '--run', 'v1', '--format', 'json', '--lang', 'en').stdout);
    expect(json.plan.language).toBe('ru');
    expect(json.summary.outcome).toBe('completed');
  });

  it('renders a finished run as Markdown and JSON that say the same', async () => {
    const store = await finishedRun(stateDir, planFile);
    store.close();
    const out = path.join(dir, 'report.md');
    expect(cli('report', planFile, '--run', 'v1', '--out', out)).toMatchObject({ code: 0 });
    const md = fs.readFileSync(out, 'utf8');
    const json = JSON.parse(cli('report', planFile, '--run', 'v1', '--format', 'json').stdout);
    expect(json.format).toBe('release-cockpit-report/1');
    expect(json.summary).toMatchObject({ outcome: 'completed', steps: 5, finished: 5 });
    expect(json.journal).toMatchObject({ verified: true, events: expect.any(Number) });
    expect(md).toContain(`# Release report: Demo release — run v1`);
    expect(md).toContain('**completed** — 5 of 5 steps finished');
    expect(md).toContain('chain verified ✅');
    expect(md).toContain(json.plan.sha256);
    expect(md).toContain(json.journal.headSha256);
    // Every step in the JSON appears in the Markdown with its status, who, attempts and exit.
    for (const phase of json.phases) {
      for (const step of phase.steps) {
        const row = md.split('\n').find((line: string) => line.startsWith(`| \`${step.id}\` |`));
        expect(row, step.id).toBeDefined();
        expect(row).toContain(step.status);
        if (step.who) expect(row).toContain(step.who);
        if (step.exitCode !== null) expect(row).toMatch(new RegExp(`\\| ${step.exitCode} \\|$`));
        for (const note of step.notes) expect(md).toContain(note.text.replace('|', '|'));
        for (const log of step.logs) for (const line of log.lastLines) expect(md).toContain(line);
      }
    }
    const build = json.phases[0].steps[1];
    expect(build.attempts.map((a: { exitCode: number }) => a.exitCode)).toEqual([2, 0]);
    expect(build.logs.map((l: { attempt: number }) => l.attempt)).toEqual([1, 2]);
    expect(build.logs[0].lastLines).toEqual(['compiling…', 'error: flaky']);
    expect(build.logs[1].lastLines).toHaveLength(20);
    expect(build.logs[1].lastLines.at(-1)).toBe('build line 30');
    expect(md).toContain('- Skipped: smoke covered by canary');
    expect(md).toContain('Released v1.2.3');
    expect(md).toContain('No rollback was decided.');
    expect(md).toContain('| `TOKEN` | •••••• |');
    expect(md).not.toContain('hunter2');
    expect(JSON.stringify(json)).not.toContain('hunter2');
    expect(md).toContain('release closed');
    expect(md).toContain(
      '- Build log:\n  - `build`: ✅ succeeded — `attempts/build/1/log`, `attempts/build/2/log`',
    );
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
  });

  it('keeps removed steps and plan changes, and the rollback decision', async () => {
    const store = await finishedRun(stateDir, planFile);
    store.event('rollback.decided', { criterion: 'errors', criterionText: 'error rate above 1%' });
    runAttempt(store, 'revert', 1, ['reverted'], { exitCode: 0, finish: true });
    store.close();
    const changed = JSON.parse(JSON.stringify((await import('../journal/helpers.js')).PLAN_INPUT));
    changed.phases[1].steps = changed.phases[1].steps.filter((s: { id: string }) => s.id !== 'deploy');
    changed.phases[0].steps[1].run = 'make build';
    await writePlan(dir, changed);
    expect(cli('mark', planFile, '--run', 'v1', 'freeze', '--done').code).toBe(0); // journals plan.changed
    const json = JSON.parse(cli('report', planFile, '--run', 'v1', '--format', 'json').stdout);
    expect(json.summary.outcome).toBe('rolled back');
    expect(json.rollback.decision).toMatchObject({
      criterion: 'errors',
      by: expect.stringMatching(/^alice@/),
    });
    expect(json.removedSteps.map((s: { id: string }) => s.id)).toEqual(['deploy']);
    expect(json.removedSteps[0]).toMatchObject({ removed: true, status: 'succeeded' });
    expect(json.planChanges[0]).toMatchObject({
      removed: ['deploy'],
      changed: [{ id: 'build', commandChanged: true }],
    });
    const md = cli('report', planFile, '--run', 'v1').stdout;
    expect(md).toContain('**Rollback decided** by alice@');
    expect(md).toContain('## Steps removed from the plan (history kept)');
    expect(md).toContain('`build` (command changed after it ran)');
    expect(md).toContain('⚠️ The plan changed this step’s command after it ran.');
  });
});
