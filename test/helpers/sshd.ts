// A throwaway OpenSSH server on 127.0.0.1 for tests: host keys and a client key pair generated
// in a temp dir, an sshd_config that only accepts that key, and an ssh_config with aliases the
// tests pass to ssh with -F. Everything lives in the temp dir and goes away with stop().
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
  stop(): Promise<void>;
}

/** Why sshd cannot run here, or null. */
export function sshdUnavailable(): string | null {
  if (!existsSync(SSHD)) return `${SSHD} is not installed (Debian: apt-get install openssh-server)`;
  if (spawnSync('ssh', ['-V']).status !== 0) return 'the ssh client is not installed';
  return null;
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

export async function startSshd(aliases: string[]): Promise<TestSshd> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rc-sshd-'));
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
      'LogLevel ERROR',
      // No reverse DNS, Kerberos, motd or lastlog: each costs seconds on a box without network.
      'UseDNS no',
      'GSSAPIAuthentication no',
      'PrintMotd no',
      'PrintLastLog no',
      '',
    ].join('\n'),
  );
  const hostBlock = (alias: string, hostPort: number) =>
    [
      `Host ${alias}`,
      '  HostName 127.0.0.1',
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
    [...aliases.map((alias) => hostBlock(alias, port)), hostBlock(deadAlias, deadPort)].join(''),
  );

  // Debian's sshd wants its privilege separation directory.
  if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const child: ChildProcess = spawn(SSHD, ['-D', '-e', '-f', sshdConfig], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const stop = async () => {
    if (!exited) {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await gone;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (exited || Date.now() > deadline) {
      await stop();
      throw new Error(`sshd did not start: ${stderr.trim() || 'no output'}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { port, dir, configFile, deadAlias, stop };
}
