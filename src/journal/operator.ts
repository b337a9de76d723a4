// Who is acting: recorded on every journal line and in the lock.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import type { Operator } from './events.js';

function loginUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER || process.env.LOGNAME || 'unknown';
  }
}

/** The terminal on stdin, or null (a script, a pipe, a detached process). */
export function currentTty(): string | null {
  try {
    const target = fs.readlinkSync('/proc/self/fd/0');
    if (target.startsWith('/dev/pts/') || /^\/dev\/tty[A-Za-z0-9]*$/.test(target)) return target;
    return null;
  } catch {
    // No /proc (macOS): ask tty(1) about our stdin.
    try {
      const result = spawnSync('tty', { stdio: ['inherit', 'pipe', 'ignore'], encoding: 'utf8' });
      const name = result.stdout.trim();
      return result.status === 0 && name.startsWith('/dev/') ? name : null;
    } catch {
      return null;
    }
  }
}

/** The SSH client address (first field of SSH_CONNECTION, else SSH_CLIENT), null when local. */
export function sshClientAddress(env: NodeJS.ProcessEnv = process.env): string | null {
  const value = env.SSH_CONNECTION || env.SSH_CLIENT;
  const first = value?.trim().split(/\s+/)[0];
  return first ? first : null;
}

export function currentOperator(name?: string): Operator {
  return {
    user: name?.trim() || loginUser(),
    host: os.hostname(),
    tty: currentTty(),
    sshClient: sshClientAddress(),
  };
}

/** "alice@bastion (10.0.0.5)" for messages. */
export function describeOperator(operator: Pick<Operator, 'user' | 'host' | 'sshClient'>): string {
  return `${operator.user}@${operator.host}${operator.sshClient ? ` (from ${operator.sshClient})` : ''}`;
}
