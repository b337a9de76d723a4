// Where the rehearsal environment is and how to reach into it: its paths and ports (as
// env/lib.sh defines them), commands on its hosts over the bastion's ssh config, SQL on its
// PostgreSQL, HTTP on its ports, and the notification sinks' contents.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = process.env.RC_REHEARSAL_ROOT ?? '/srv/rc-rehearsal';
const BASE = Number(process.env.RC_REHEARSAL_PORT_BASE ?? 17400);
export const PORTS = {
  front: BASE,
  web: { 'rehearsal-staging': BASE + 90, 'rehearsal-app1': BASE + 91, 'rehearsal-app2': BASE + 92 },
  pg: BASE + 32,
};
export const PROD_HOSTS = ['rehearsal-app1', 'rehearsal-app2'] as const;
export const HOST_MOUNT = `${ROOT}/host`;
export const STATE_DIR = `${ROOT}/state`;
export const PLAN = `${ROOT}/plans/architecture-2.0.yaml`;
export const COCKPIT = `${ROOT}/cockpit/cli.js`;
export const LEAD = 'rc-techlead';

/** Why the rehearsal cannot run here, or null. */
export function environmentMissing(): string | null {
  if (process.getuid?.() !== 0) return 'the rehearsal runs as root (sudo npm run rehearse)';
  if (!fs.existsSync(path.join(ROOT, 'env.sh')))
    return `no environment at ${ROOT}: npm run rehearse:up first`;
  return null;
}

export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function run(
  command: string,
  args: string[],
  opts: { input?: string | Buffer; env?: NodeJS.ProcessEnv } = {},
): Result {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    input: opts.input,
    env: { ...process.env, ...opts.env },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 5 * 60_000,
  });
  return { code: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

function must(result: Result, what: string): string {
  if (result.code !== 0)
    throw new Error(`${what} failed (${result.code}): ${result.stderr.trim() || result.stdout.trim()}`);
  return result.stdout;
}

/** A command on a host, as its deploy user (the cockpit's own way there). */
export function onHost(host: string, script: string): string {
  return must(run('ssh', ['-F', `${ROOT}/ssh/config`, host, script]), `ssh ${host}`);
}

/** One SQL query on a database of the cluster (as postgres, over its socket): rows of fields. */
export function sql(database: string, query: string): string[][] {
  const out = must(
    run('runuser', [
      '-u',
      'postgres',
      '--',
      'psql',
      '-X',
      '-At',
      '-F',
      '\t',
      '-v',
      'ON_ERROR_STOP=1',
      '-h',
      `${ROOT}/pg/run`,
      '-p',
      String(PORTS.pg),
      '-d',
      database,
      '-c',
      query,
    ]),
    `psql ${database}`,
  );
  return out
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split('\t'));
}

export async function httpGet(url: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  return { status: response.status, body: await response.text() };
}

export interface Mail {
  to: string;
  subject: string;
  body: string;
}

/** The mail sink's messages (a Maildir), oldest first. */
export function mails(): Mail[] {
  const dir = path.join(ROOT, 'sinks/mail/new');
  // Maildir names are `<seconds>.M<microseconds>P<pid>Q<n>.<host>`: the microseconds are not
  // padded, so the order is the sink's delivery counter, Q.
  const delivery = (name: string) => Number(/Q(\d+)/.exec(name)?.[1] ?? 0);
  return fs
    .readdirSync(dir)
    .sort((a, b) => delivery(a) - delivery(b))
    .map((name) => {
      const text = fs.readFileSync(path.join(dir, name), 'utf8');
      const [head = '', ...rest] = text.split(/\r?\n\r?\n/);
      const header = (field: string) => new RegExp(`^${field}: (.*)$`, 'mi').exec(head)?.[1]?.trim() ?? '';
      const encoded = /^=\?UTF-8\?B\?(.*)\?=$/i.exec(header('Subject'));
      const subject = encoded ? Buffer.from(encoded[1] ?? '', 'base64').toString('utf8') : header('Subject');
      return { to: header('To'), subject, body: rest.join('\n\n') };
    });
}

export interface Hook {
  path: string;
  contentType: string;
  tokenSha256: string | null;
  body: string;
}

/** The webhook sink's requests, oldest first. */
export function hooks(): Hook[] {
  const dir = path.join(ROOT, 'sinks/webhook');
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as Hook);
}

export function notifyToken(): string {
  return fs.readFileSync(path.join(ROOT, 'secrets/notify-token'), 'utf8').trim();
}
