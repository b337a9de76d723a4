// The architecture-2.0 plan rehearsed end to end (seed §3.2.4) against the environment of
// `npm run rehearse:up`, then checked from the outside. Two scenarios, each from a reset:
// - release: v1.0.0 → v2.0.0 goes well: both prod hosts serve v2, the migrations are applied,
//   the offline-sync queue was drained before the switch, the backups exist and restore, the
//   notifications arrived, the report has every step's duration;
// - rollback: the prod hosts lack the offline snapshot mount that v2 needs (broken on purpose:
//   staging has it, so every check before the deploy passes), v2's health check fails after the
//   deploy; the rollback is decided, signed off by the tech lead and walked (§6): v1 again, the
//   database and the static files back from the release's backups, the report says so.
// The runs stay in the rehearsal's state directory: their durations are what the cockpit
// expects of the real release.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { installCockpit, rehearse, resetEnvironment } from './drive.js';
import {
  COCKPIT,
  environmentMissing,
  HOST_MOUNT,
  hooks,
  httpGet,
  mails,
  notifyToken,
  onHost,
  PLAN,
  PORTS,
  PROD_HOSTS,
  ROOT,
  run,
  STATE_DIR,
  sql,
} from './environment.js';

const missing = environmentMissing();
if (missing) throw new Error(`npm run rehearse: ${missing}`);

const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
const releaseAt = `${new Date().toISOString().slice(0, 16)}Z`;

interface ReportStep {
  id: string;
  kind: string;
  status: string;
  startedAt: string | null;
  durationMs: number | null;
  doneByHand: boolean;
  answered: unknown[];
}
interface Report {
  summary: unknown;
  phases: { steps: ReportStep[] }[];
  rollback: {
    decision: { criterion: string } | null;
    signoff: { given: { login: string }[] } | null;
    steps: ReportStep[];
  };
}

/** The run's report, also written to ROOT/reports as Markdown and JSON for people to read. */
function report(runName: string): Report {
  fs.mkdirSync(path.join(ROOT, 'reports'), { recursive: true });
  const base = [COCKPIT, 'report', PLAN, '--run', runName, '--state-dir', STATE_DIR];
  for (const format of ['md', 'json']) {
    const out = path.join(ROOT, 'reports', `${runName}.${format}`);
    const result = run(process.execPath, [...base, '--format', format, '--out', out]);
    expect(result.code, result.stderr).toBe(0);
  }
  process.stdout.write(`  report: ${path.join(ROOT, 'reports', `${runName}.md`)}\n`);
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'reports', `${runName}.json`), 'utf8')) as Report;
}

const steps = (r: Report) => [...r.phases.flatMap((phase) => phase.steps), ...r.rollback.steps];
const step = (r: Report, id: string) => {
  const found = steps(r).find((s) => s.id === id);
  if (!found) throw new Error(`no step ${id} in the report`);
  return found;
};

async function version(port: number): Promise<string> {
  const { status, body } = await httpGet(`http://127.0.0.1:${port}/health/`);
  return status === 200 ? (JSON.parse(body) as { version: string }).version : `HTTP ${status}`;
}

/** Nothing of the chat token in the state directory: journals, logs, reports. */
function expectTokenNowhere(runName: string): void {
  const token = notifyToken();
  const found = run('grep', ['-rlF', '--', token, path.join(STATE_DIR, 'runs'), path.join(ROOT, 'reports')]);
  expect(found.stdout, `the secret token is written in ${found.stdout}`).toBe('');
  expect(runName).toBeTruthy();
}

beforeAll(() => installCockpit());

describe('rehearsal of architecture-2.0', () => {
  it('release: v1.0.0 → v2.0.0 on staging and both prod hosts', async () => {
    resetEnvironment();
    const runName = `release-${stamp}`;
    let uploaded = false;
    // Devices go on uploading offline packages until the freeze: some are still being
    // processed when the release day begins, so the drain gate has something to wait for.
    const lines = await rehearse(runName, 'answers-release.yaml', [`RELEASE_AT=${releaseAt}`], (line) => {
      if (!uploaded && / step backup-db started /.test(line)) {
        uploaded = true;
        onHost(
          'rehearsal-app1',
          `cd ${HOST_MOUNT}/app && ../venv/bin/python manage.py upload_offline_batches --batches 4 --seconds 6`,
        );
      }
    });
    expect(lines.at(-1)).toBe('plan finished: every step is settled');
    expect(uploaded).toBe(true);
    const r = report(runName);

    // Both prod hosts, and the site's front, serve v2 with its static files.
    for (const host of PROD_HOSTS) {
      expect(await version(PORTS.web[host])).toBe('2.0.0');
      expect(
        (await httpGet(`http://127.0.0.1:${PORTS.web[host]}/static/inspection/admin-cabinet.css`)).status,
      ).toBe(200);
      expect(onHost(host, `git -C ${HOST_MOUNT}/app describe --tags`).trim()).toBe('v2.0.0');
    }
    expect(await version(PORTS.front)).toBe('2.0.0');

    // The migrations are applied, the data migration numbered every item, review_status is set.
    const applied = sql(
      'inspection_prod',
      "SELECT name FROM django_migrations WHERE app = 'audits' ORDER BY id",
    ).flat();
    expect(applied).toEqual([
      '0001_initial',
      '0002_offlinesyncbatch',
      '0003_position_review_status',
      '0004_fill_checklist_positions',
      '0005_reviewlog',
    ]);
    expect(sql('inspection_prod', 'SELECT count(*) FROM audits_checklistitem WHERE position = 0')).toEqual([
      ['0'],
    ]);
    expect(sql('inspection_prod', 'SELECT count(*) FROM audits_audit WHERE review_status IS NULL')).toEqual([
      ['0'],
    ]);

    // The queue was drained before the switch: every batch finished before deploy-checkout began.
    const batches = sql(
      'inspection_prod',
      'SELECT status, to_char(finished_at AT TIME ZONE \'UTC\', \'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"\') FROM audits_offlinesyncbatch',
    );
    expect(batches).toHaveLength(4);
    const switchAt = step(r, 'deploy-checkout').startedAt ?? '';
    for (const [status, finished] of batches) {
      expect(status).toBe('done');
      expect(Date.parse(finished ?? '')).toBeLessThan(Date.parse(switchAt));
    }

    // The backups exist and restore: the dump into a scratch database has the audits.
    const dump = `${HOST_MOUNT}/backups/v2.0.0/db.dump`;
    onHost(
      'rehearsal-app1',
      `test -s ${dump} && sha256sum --check --quiet ${HOST_MOUNT}/backups/v2.0.0/SHA256SUMS`,
    );
    for (const host of PROD_HOSTS)
      onHost(host, `tar -tzf ${HOST_MOUNT}/backups/v2.0.0/static.tar.gz >/dev/null`);
    sql('postgres', 'DROP DATABASE IF EXISTS inspection_restorecheck');
    sql('postgres', 'CREATE DATABASE inspection_restorecheck OWNER inspection');
    // The deploy user's 0600 dump, read here (root) and handed to pg_restore as postgres.
    const restored = run(
      'runuser',
      ['-u', 'postgres', '--', 'pg_restore', '--no-owner', '--exit-on-error', '-h', `${ROOT}/pg/run`].concat([
        '-p',
        String(PORTS.pg),
        '-d',
        'inspection_restorecheck',
      ]),
      { input: fs.readFileSync(`${ROOT}/hosts/rehearsal-app1/backups/v2.0.0/db.dump`) },
    );
    expect(restored.code, restored.stderr).toBe(0);
    expect(sql('inspection_restorecheck', 'SELECT count(*) FROM audits_audit')).toEqual([['2000']]);
    sql('postgres', 'DROP DATABASE inspection_restorecheck');

    // The notifications: five mails and three chat messages, in the plan's order, with the token.
    const subjects = mails().map((mail) => mail.subject);
    expect(subjects).toEqual([
      'Архитектура 2.0: что изменится в вашей работе',
      'Напоминание: завтра обновление до архитектуры 2.0',
      'Анонс: технические работы rehearsal on 127.0.0.1',
      'Начались технические работы: обновление до архитектуры 2.0',
      'Технические работы завершены: система работает на архитектуре 2.0',
    ]);
    for (const mail of mails()) expect(mail.to).toBe('admins@rehearsal.invalid,auditors@rehearsal.invalid');
    const chat = hooks();
    expect(chat.map((hook) => hook.body.split('\n')[0])).toEqual(subjects.slice(2));
    const { createHash } = await import('node:crypto');
    const tokenHash = createHash('sha256').update(notifyToken()).digest('hex');
    for (const hook of chat) expect(hook.tokenSha256).toBe(tokenHash);

    // The report: every command ran (none by hand), each with its duration.
    for (const s of steps(r).filter((s) => s.kind === 'command' && s.status !== 'pending')) {
      expect(s.status, s.id).toBe('succeeded');
      expect(s.doneByHand, s.id).toBe(false);
      expect(s.durationMs, s.id).toBeGreaterThan(0);
    }
    expect(step(r, 'deploy-migrate').answered).not.toHaveLength(0);
    expectTokenNowhere(runName);
  });

  it('rollback: v2 fails its health check on prod; the rollback brings v1 back from the backups', async () => {
    resetEnvironment('--break-prod-health');
    const runName = `rollback-${stamp}`;
    let written = false;
    // An audit saved after the backup: the rollback's restore loses it, as the plan warns.
    const lines = await rehearse(runName, 'answers-rollback.yaml', [`RELEASE_AT=${releaseAt}`], (line) => {
      if (!written && / step deploy-checkout started /.test(line)) {
        written = true;
        sql(
          'inspection_prod',
          "INSERT INTO audits_audit (title, status, created_at, auditor_id) SELECT 'after the backup', 'sent', now(), id FROM auth_user WHERE username = 'auditor.smoke'",
        );
      }
    });
    expect(lines.at(-1)).toBe('rollback path finished');
    expect(written).toBe(true);
    const r = report(runName);
    expect(step(r, 'postdeploy-http').status).toBe('failed');
    expect(r.rollback.decision?.criterion).toBe('admin-cabinet-down');
    expect(r.rollback.signoff?.given.map((given) => given.login)).toEqual(['rc-techlead']);
    for (const s of r.rollback.steps.filter((s) => s.kind === 'command'))
      expect(s.status, s.id).toBe('succeeded');

    // v1 again on both hosts and at the front; the release's static files kept aside.
    for (const host of PROD_HOSTS) {
      expect(await version(PORTS.web[host])).toBe('1.0.0');
      expect(onHost(host, `git -C ${HOST_MOUNT}/app describe --tags`).trim()).toBe('v1.0.0');
      expect(
        (await httpGet(`http://127.0.0.1:${PORTS.web[host]}/static/inspection/admin-cabinet.css`)).status,
      ).toBe(404);
      onHost(host, `test -f ${HOST_MOUNT}/www/static.release-failed/inspection/admin-cabinet.css`);
    }
    expect(await version(PORTS.front)).toBe('1.0.0');

    // The database is the release's backup: v1's schema, and what was written after it is gone.
    const applied = sql(
      'inspection_prod',
      "SELECT name FROM django_migrations WHERE app = 'audits' ORDER BY id",
    ).flat();
    expect(applied).toEqual(['0001_initial', '0002_offlinesyncbatch']);
    expect(sql('inspection_prod', "SELECT to_regclass('audits_reviewlog') IS NULL")).toEqual([['t']]);
    expect(
      sql('inspection_prod', "SELECT count(*) FROM audits_audit WHERE title = 'after the backup'"),
    ).toEqual([['0']]);
    expect(sql('inspection_prod', 'SELECT count(*) FROM audits_audit')).toEqual([['2000']]);

    // The users were told, before and after.
    const subjects = mails().map((mail) => mail.subject);
    expect(subjects).toContain('Временная недоступность системы');
    expect(subjects.at(-1)).toBe('Работы завершены: система работает на предыдущей версии');
    expectTokenNowhere(runName);
  });
});
