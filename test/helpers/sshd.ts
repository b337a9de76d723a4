// A throwaway OpenSSH server on 127.0.0.1 for tests: host keys and a client key pair generated
// in a temp dir, an sshd_config that only accepts that key, and an ssh_config with aliases the
// tests pass to ssh with -F. The hosts' state directory (XDG_STATE_HOME of every session) is in
// the temp dir too. The server can be stopped and started again on the same port, its session
// processes killed (a dropped link), and its log counts the connections it accepted. Suites
// that need it use describeWhere(sshdUnavailable()) (tools.ts): a failure under CI, never a skip.
// Everything lives in the temp dir and goes away with stop().
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const SSHD = '/usr/sbin/sshd';

export interface TestSshd {
  port: number;
  dir: string;
  /** ssh_config with the aliases given to startSshd, each → 127.0.0.1:port with the test key. */
  configFile: string;
  /** An alias whose port nothing listens on (connection refused: ssh exits 255). */
  deadAlias: string;
  /** XDG_STATE_HOME of every session: the hosts' remote attempts are below it. */
  remoteState: string;
  /** Stop the server and kill its sessions: every connection drops, new ones are refused. */
  down(): Promise<void>;
  /** Start it again on the same port. */
  up(): Promise<void>;
  /** Kill the server's session processes (the connections drop; the listener stays). */
  killSessions(): void;
  /** Connections the server has accepted so far (its log's "Accepted publickey"). */
  accepted(): number;
  stop(): Promise<void>;
}

/** Why sshd cannot run here, or null. */
export function sshdUnavailable(): string | null {
  if (!existsSync(SSHD)) return `${SSHD} is not installed (Debian: apt-get install openssh-server)`;
  if (spawnSync('ssh', ['-V']).status !== 0) return 'the ssh client is not installed';
  return null;
}

/** Processes whose parent is `pid`, and theirs (from /proc). */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // Gone meanwhile.
    }
  }
  const found: number[] = [];
  const visit = (of: number) => {
    for (const child of children.get(of) ?? []) {
      found.push(child);
      visit(child);
    }
  };
  visit(pid);
  return found;
}

function commOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function keygen(file: string): void {
  const result = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'rc-test', '-f', file]);
  if (result.status !== 0) throw new Error(`ssh-keygen failed: ${result.stderr}`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('data', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(false);
    });
  });
}

export async function startSshd(aliases: string[], opts: { hostNames?: string[] } = {}): Promise<TestSshd> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rc-sshd-'));
  const remoteState = path.join(dir, 'remote-state');
  mkdirSync(remoteState, { mode: 0o700 });
  const logFile = path.join(dir, 'sshd.log');
  const hostKey = path.join(dir, 'host_ed25519');
  const clientKey = path.join(dir, 'client_ed25519');
  keygen(hostKey);
  keygen(clientKey);
  const [port, deadPort] = [await freePort(), await freePort()];
  const user = os.userInfo().username;
  const sshdConfig = path.join(dir, 'sshd_config');
  writeFileSync(
    sshdConfig,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `AuthorizedKeysFile ${clientKey}.pub`,
      `PidFile ${path.join(dir, 'sshd.pid')}`,
      'UsePAM no',
      'StrictModes no',
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      `AllowUsers ${user}`,
      'AcceptEnv none',
      `SetEnv XDG_STATE_HOME=${remoteState}`,
      // INFO: one "Accepted publickey" line per connection (accepted()).
      'LogLevel INFO',
      // No reverse DNS, Kerberos, motd or lastlog: each costs seconds on a box without network.
      'UseDNS no',
      // One server stands in for many hosts: let it take as many handshakes at once.
      'MaxStartups 200:30:400',
      'GSSAPIAuthentication no',
      'PrintMotd no',
      'PrintLastLog no',
      '',
    ].join('\n'),
  );
  const hostBlock = (alias: string, hostPort: number, hostName = '127.0.0.1') =>
    [
      `Host ${alias}`,
      `  HostName ${hostName}`,
      `  Port ${hostPort}`,
      `  User ${user}`,
      `  IdentityFile ${clientKey}`,
      '  IdentitiesOnly yes',
      '  StrictHostKeyChecking no',
      '  UserKnownHostsFile /dev/null',
      '  LogLevel ERROR',
      '  ConnectTimeout 5',
      '  GSSAPIAuthentication no',
      '',
    ].join('\n');
  const deadAlias = 'host-down';
  const configFile = path.join(dir, 'ssh_config');
  writeFileSync(
    configFile,
    [
      ...aliases.map((alias, i) => hostBlock(alias, port, opts.hostNames?.[i])),
      hostBlock(deadAlias, deadPort),
    ].join(''),
  );

  // Debian's sshd wants its privilege separation directory.
  if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  let child: ChildProcess | null = null;
  let exited = true;
  let stderr = '';
  const launch = async () => {
    const started = spawn(SSHD, ['-D', '-E', logFile, '-f', sshdConfig], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child = started;
    exited = false;
    started.stderr?.on('data', (chunk) => {
      stderr += String(chunk);
    });
    started.once('exit', () => {
      exited = true;
    });
    const deadline = Date.now() + 10_000;
    while (!(await accepts(port))) {
      if (exited || Date.now() > deadline) {
        throw new Error(`sshd did not start: ${stderr.trim() || readLog().trim() || 'no output'}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const readLog = () => {
    try {
      return readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };
  const killSessions = () => {
    const listener = child?.pid;
    if (!listener) return;
    for (const pid of descendants(listener)) {
      // sshd's own session processes; what the sessions started (the hosts' commands) lives on.
      if (commOf(pid) !== 'sshd') continue;
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone meanwhile.
      }
    }
  };
  const down = async () => {
    killSessions();
    const running = child;
    if (running && !exited) {
      const gone = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGTERM');
      await gone;
    }
  };
  const stop = async () => {
    await down();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await launch();
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    port,
    dir,
    configFile,
    deadAlias,
    remoteState,
    down,
    up: launch,
    killSessions,
    accepted: () =>
      readLog()
        .split('\n')
        .filter((line) => line.includes('Accepted publickey')).length,
    stop,
  };
}
