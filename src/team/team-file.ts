// The team file: `STATE/team.yaml`, login → roles, read by every operator of a team state
// directory. It decides who may sign off, so it is trusted only when nobody but its owner can
// change it, and its owner is root or the owner of the state directory (a team member who can
// write the shared directory cannot grant themselves a role). Validated like plans: every
// problem is `FILE:LINE:COL: PATH: message`.
//
//   # team.yaml
//   members:
//     alice: [release-lead]
//     bob: [backend-lead, ops-lead]
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { UserError } from '../errors.js';
import { ID_PATTERN, LOGIN_PATTERN } from '../plan/schema.js';
import { parseYamlData } from '../plan/yaml-data.js';

export const TEAM_FILE = 'team.yaml';
const MAX_TEAM_BYTES = 256 * 1024;

export const TeamSchema = z
  .strictObject({
    members: z
      .record(
        z.string().regex(LOGIN_PATTERN, 'must be a Unix login (lower case letters, digits, "_" or "-")'),
        z.array(z.string().regex(ID_PATTERN, 'must be a role id as the plans declare it')).min(1),
      )
      .describe('Unix login on the bastion → the plan roles that login holds.'),
  })
  .describe('The release team: who holds which role (for sign-offs).');

export interface Team {
  file: string;
  /** role → logins holding it. */
  roles: Map<string, string[]>;
}

export function teamFilePath(stateDir: string): string {
  return path.join(stateDir, TEAM_FILE);
}

/** The state directory's team file; null when there is none. Throws one-line errors. */
export function loadTeam(stateDir: string): Team | null {
  const file = teamFilePath(stateDir);
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch {
    return null;
  }
  checkTrust(file, stat, stateDir);
  if (stat.size > MAX_TEAM_BYTES) throw new UserError(`${file}: larger than ${MAX_TEAM_BYTES} bytes`);
  return parseTeam(fs.readFileSync(file, 'utf8'), file);
}

function checkTrust(file: string, stat: fs.Stats, stateDir: string): void {
  if (stat.isSymbolicLink()) throw new UserError(`${file}: refusing a symbolic link as the team file`);
  if (!stat.isFile()) throw new UserError(`${file}: the team file is not a regular file`);
  const mode = (stat.mode & 0o777).toString(8).padStart(3, '0');
  if ((stat.mode & 0o022) !== 0) {
    throw new UserError(
      `${file}: writable by its group or others (mode ${mode}); whoever can write it can grant roles: chmod 644 it`,
    );
  }
  let dirOwner: number;
  try {
    dirOwner = fs.statSync(stateDir).uid;
  } catch {
    dirOwner = 0;
  }
  if (stat.uid !== 0 && stat.uid !== dirOwner) {
    throw new UserError(
      `${file}: belongs to uid ${stat.uid}, neither root nor the state directory's owner (uid ${dirOwner}); refusing to trust it`,
    );
  }
}

/** A team from text; `file` names it in problems. */
export function parseTeam(text: string, file: string): Team {
  const { data } = parseYamlData(text, file, TeamSchema);
  const roles = new Map<string, string[]>();
  for (const [login, held] of Object.entries(data.members)) {
    for (const role of held) roles.set(role, [...(roles.get(role) ?? []), login]);
  }
  return { file, roles };
}

/** loadTeam, read again only when the file changes (a session asks on every action and frame). */
export function teamLoader(stateDir: string): () => Team | null {
  let key = '';
  let team: Team | null = null;
  return () => {
    let now = 'none';
    try {
      const stat = fs.statSync(teamFilePath(stateDir));
      now = `${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.mode}:${stat.uid}`;
    } catch {
      now = 'none';
    }
    if (now !== key) {
      team = loadTeam(stateDir);
      key = now;
    }
    return team;
  };
}
