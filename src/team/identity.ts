// Who a process is on this machine: its Unix login from its uid (never a typed name), and the
// login a uid stands for (through NSS: getent also knows LDAP/SSSD users).
import { spawnSync } from 'node:child_process';
import os from 'node:os';

export interface Login {
  login: string;
  uid: number;
}

/** This process's effective user, as the kernel knows it. */
export function processLogin(): Login {
  const info = os.userInfo();
  return { login: info.username, uid: info.uid };
}

/** The login of `uid`, or null when the system knows no such user. */
export function loginOfUid(uid: number): string | null {
  if (uid === processLogin().uid) return processLogin().login;
  const result = spawnSync('getent', ['passwd', String(uid)], { encoding: 'utf8', timeout: 5000 });
  if (result.status !== 0) return null;
  const name = result.stdout.split(':')[0]?.trim();
  return name ? name : null;
}
