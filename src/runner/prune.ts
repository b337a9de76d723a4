// Remote cleanup: the directories a run's multi-host attempts left on their hosts
// (${XDG_STATE_HOME:-~/.local/state}/release-cockpit/attempts/<plan>/<run>-<tag>/), removed
// with one ssh call per host (remote.sh prune, which refuses while anything in them runs).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface RemoteRunDirs {
  /** <plan>/<run>-<tag>: the run's directory below each host's attempts directory. */
  prefix: string;
  /** host → what to reach it with: its ssh options and a copy of remote.sh. */
  hosts: Map<string, { ssh: string[]; remoteSh: string }>;
}

/** Every multi-host attempt of the run (attempts/<step>/<n>[/polls/<p>]) that has a follow.conf. */
function followConfs(runDir: string): string[] {
  const root = path.join(runDir, 'attempts');
  try {
    return readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((entry) => path.basename(entry) === 'follow.conf')
      .map((entry) => path.join(root, entry))
      .sort();
  } catch {
    return [];
  }
}

/** What a run left on hosts, from its attempts' follow.conf; null when it ran nothing remotely. */
export function remoteRunDirs(runDir: string): RemoteRunDirs | null {
  let prefix: string | null = null;
  const hosts = new Map<string, { ssh: string[]; remoteSh: string }>();
  for (const conf of followConfs(runDir)) {
    const lines = readFileSync(conf, 'utf8').split('\n');
    const value = (name: string) =>
      lines.filter((l) => l.startsWith(`${name} `)).map((l) => l.slice(name.length + 1));
    const key = value('key')[0];
    if (!key || key.startsWith('adhoc/')) continue;
    prefix ??= key.split('/').slice(0, 2).join('/');
    for (const host of value('host')) {
      if (!hosts.has(host))
        hosts.set(host, { ssh: value('ssh'), remoteSh: path.join(path.dirname(conf), 'remote.sh') });
    }
  }
  return prefix ? { prefix, hosts } : null;
}

export type PruneResult = 'pruned' | `running ${string}` | `failed: ${string}`;

/** Remove the run's remote directory on each host; one result per host. */
export function pruneRemote(dirs: RemoteRunDirs): Record<string, PruneResult> {
  const results: Record<string, PruneResult> = {};
  for (const [host, how] of dirs.hosts) {
    const run = spawnSync(
      'ssh',
      [
        '-o',
        'BatchMode=yes',
        '-o',
        'ConnectTimeout=15',
        ...how.ssh,
        '-T',
        '--',
        host,
        'sh',
        '-s',
        'prune',
        dirs.prefix,
      ],
      { input: readFileSync(how.remoteSh), encoding: 'utf8', timeout: 60_000 },
    );
    const said = (run.stderr ?? '').split('\n').findLast((line) => line.startsWith('rc: '));
    if (said === 'rc: pruned') results[host] = 'pruned';
    else if (said?.startsWith('rc: running ')) results[host] = `running ${said.slice('rc: running '.length)}`;
    else
      results[host] =
        `failed: ${(said ?? run.stderr ?? '').trim().split('\n').at(-1) || `ssh exit ${run.status}`}`;
  }
  return results;
}
