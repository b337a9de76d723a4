// A private tmux server for the bench: one socket per bench process, panes of a fixed size,
// capture, keys, pipe-pane byte counting and wait-for signals. The server is killed at the end.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export class Tmux {
  readonly socket = `rc-bench-${process.pid}`;
  /** A control-mode client that sends keys: see keys(). */
  #control: ChildProcess | undefined;

  constructor(
    readonly columns = 120,
    readonly rows = 40,
  ) {}

  run(args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  /** Start the server with an idle session; panes keep their last screen when a program exits. */
  start(): void {
    this.run([
      '-f',
      '/dev/null',
      'new-session',
      '-d',
      '-s',
      'bench',
      '-x',
      String(this.columns),
      '-y',
      String(this.rows),
      'sleep 86400',
    ]);
    this.run(['set-option', '-g', 'remain-on-exit', 'on']);
    this.run(['set-option', '-g', 'history-limit', '2000']);
    this.run(['set-option', '-g', 'status', 'off']);
    this.run(['set-window-option', '-g', 'aggressive-resize', 'off']);
    this.#startControl();
  }

  // Keys go through one long-lived control-mode client (`tmux -C`), attached to a session of its
  // own so it is sent none of the panes' output: `tmux send-keys` as a new process costs
  // ~10 ms to start on a small VM, which would be counted in every key's latency, while an
  // operator's key reaches the terminal through an sshd that is already running.
  #startControl(): void {
    this.run(['new-session', '-d', '-s', 'keys', '-x', '20', '-y', '5', 'sleep 86400']);
    const client = spawn(
      'tmux',
      ['-L', this.socket, '-C', 'attach-session', '-t', 'keys', '-f', 'no-output,ignore-size'],
      { stdio: ['pipe', 'pipe', 'ignore'] },
    );
    client.stdout?.resume();
    client.on('error', () => {
      this.#control = undefined;
    });
    client.on('exit', () => {
      this.#control = undefined;
    });
    this.#control = client;
  }

  /** A new window of the session's size running `command` (via sh -c); returns its pane id. */
  window(command: string, env: Record<string, string> = {}): string {
    const envArgs = Object.entries(env).flatMap(([name, value]) => ['-e', `${name}=${value}`]);
    return this.run([
      'new-window',
      '-d',
      '-t',
      'bench:',
      '-P',
      '-F',
      '#{pane_id}',
      ...envArgs,
      command,
    ]).trim();
  }

  /** Replace the pane's program (killing the old one). */
  respawn(pane: string, command: string, env: Record<string, string> = {}): void {
    const envArgs = Object.entries(env).flatMap(([name, value]) => ['-e', `${name}=${value}`]);
    this.run(['respawn-pane', '-k', ...envArgs, '-t', pane, command]);
  }

  panePid(pane: string): number {
    return Number(this.run(['display-message', '-p', '-t', pane, '#{pane_pid}']).trim());
  }

  capture(pane: string): string {
    return this.run(['capture-pane', '-p', '-t', pane]);
  }

  clear(pane: string): void {
    this.run(['clear-history', '-t', pane]);
  }

  /** Press keys in the pane (tmux key names); returned before tmux has delivered them. */
  keys(pane: string, ...keys: string[]): void {
    const stdin = this.#control?.stdin;
    if (stdin?.writable && keys.every((key) => /^[\w-]+$/.test(key))) {
      stdin.write(`send-keys -t ${pane} ${keys.join(' ')}\n`);
      return;
    }
    this.run(['send-keys', '-t', pane, ...keys]);
  }

  /** Append everything the pane's program writes to its terminal to `file` (until stopPipe). */
  pipeTo(pane: string, file: string): void {
    this.run(['pipe-pane', '-t', pane, `cat >> '${file}'`]);
  }

  stopPipe(pane: string): void {
    this.run(['pipe-pane', '-t', pane]);
  }

  killWindow(pane: string): void {
    try {
      this.run(['kill-window', '-t', pane]);
    } catch {
      // Already gone.
    }
  }

  /** Resolves when some program runs `tmux -L SOCKET wait-for -S channel`. */
  waitFor(channel: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn('tmux', ['-L', this.socket, 'wait-for', channel], { stdio: 'ignore' });
      child.on('error', reject);
      child.on('exit', () => resolve());
    });
  }

  kill(): void {
    this.#control?.stdin?.end();
    this.#control?.kill();
    try {
      this.run(['kill-server']);
    } catch {
      // Not running.
    }
    // tmux can leave its socket file behind when the server is killed.
    const dir = process.env.TMUX_TMPDIR || os.tmpdir();
    fs.rmSync(path.join(dir, `tmux-${process.getuid?.() ?? 0}`, this.socket), { force: true });
  }
}

/** Run `fn` with a started server, always killing it afterwards. */
export async function withTmux<T>(fn: (tmux: Tmux) => Promise<T>): Promise<T> {
  const tmux = new Tmux();
  tmux.start();
  const stop = () => tmux.kill();
  process.once('exit', stop);
  try {
    return await fn(tmux);
  } finally {
    process.off('exit', stop);
    tmux.kill();
  }
}
