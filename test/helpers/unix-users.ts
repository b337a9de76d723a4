// Real Unix users for the sign-off tests: a group and users created with groupadd/useradd
// (root only), a setgid team state directory for them, and commands run as one of them with
// runuser. Names carry the test's pid so parallel runs never share users; removed afterwards.
// Where CI=true, not being able to create them is a failure, never a skip.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TeamUsers {
  group: string;
  users: string[];
  stateDir: string;
  cleanup(): void;
}

/** Why users cannot be created here, or null when they can. */
export function usersUnavailable(): string | null {
  if (process.getuid?.() !== 0) return 'the sign-off tests create Unix users and need root';
  for (const tool of ['useradd', 'groupadd', 'runuser', 'userdel', 'groupdel', 'getent']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `${tool} is not installed`;
  }
  return null;
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${result.stderr.trim()}`);
}

export function createTeam(roles: string[]): TeamUsers {
  const tag = `rc${process.pid}`;
  const group = `${tag}-team`;
  const users = roles.map((role) => `${tag}-${role}`);
  run('groupadd', [group]);
  const created: string[] = [];
  const cleanup = () => {
    for (const user of created) spawnSync('userdel', ['-f', user]);
    spawnSync('groupdel', [group]);
    fs.rmSync(stateDir, { recursive: true, force: true });
  };
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-team-'));
  try {
    for (const user of users) {
      run('useradd', ['-M', '-N', '-g', group, '-d', '/nonexistent', '-s', '/usr/sbin/nologin', user]);
      created.push(user);
    }
    // The README's team directory: install -d -m 2770 -g GROUP DIR.
    fs.chownSync(
      stateDir,
      0,
      Number(spawnSync('getent', ['group', group], { encoding: 'utf8' }).stdout.split(':')[2]),
    );
    fs.chmodSync(stateDir, 0o2770);
  } catch (error) {
    cleanup();
    throw error;
  }
  return { group, users, stateDir, cleanup };
}

export interface AsUserResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run a command as `user` (runuser -u USER --), waiting for it. */
export function asUser(user: string, command: string[], env: NodeJS.ProcessEnv = {}): AsUserResult {
  const result = spawnSync('runuser', ['-u', user, '--', ...command], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    cwd: '/',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Start a command as `user`; its stdout lines are handed to `onLine`. */
export function spawnAsUser(user: string, command: string[], onLine: (line: string) => void) {
  const child = spawn('runuser', ['-u', user, '--', ...command], {
    env: { ...process.env, NO_COLOR: '1' },
    cwd: '/',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let buffered = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffered += chunk;
    for (let newline = buffered.indexOf('\n'); newline >= 0; newline = buffered.indexOf('\n')) {
      onLine(buffered.slice(0, newline));
      buffered = buffered.slice(newline + 1);
    }
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, stderr: () => stderr };
}
