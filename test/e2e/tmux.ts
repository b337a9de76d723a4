// A real pty for end-to-end tests: one tmux server per terminal, each on its own socket
// (`-L rc-e2e-<pid>-<n>`), so killing one (a real hangup of everything in it) never touches
// another or the developer's own tmux. Screens are read with capture-pane, keys sent with
// send-keys: the program sees exactly what a terminal would give it.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

let serial = 0;
const live = new Set<Terminal>();

export interface TerminalOptions {
  cols: number;
  rows: number;
  /** argv of the program; it runs in `cwd` with `env` added to the pane's environment. */
  argv: string[];
  cwd: string;
  env?: Record<string, string>;
}

export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The pane's last line after the program ends, so a test can read its exit code. */
const EXIT_MARK = '[program exited with code ';

/** Direct children of a process (Linux /proc), or none once it is gone. */
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function alivePid(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export class Terminal {
  readonly socket: string;
  private socketPath = '';
  private panePid = 0;

  private constructor(socket: string) {
    this.socket = socket;
  }

  /** Starts a detached tmux server with one window of cols×rows running argv. */
  static start(options: TerminalOptions): Terminal {
    serial += 1;
    const terminal = new Terminal(`rc-e2e-${process.pid}-${serial}`);
    const env = Object.entries(options.env ?? {}).map(([name, value]) => `${name}=${value}`);
    // The pane keeps its last frame after the program ends (sleep), and prints the exit code.
    const program = ['env', ...env, ...options.argv].map(shellQuote).join(' ');
    const script = `${program}; printf '\\n${EXIT_MARK}%s]\\n' "$?"; sleep 3600`;
    const started = terminal.tmux(
      'new-session',
      '-d',
      '-s',
      'e2e',
      '-x',
      String(options.cols),
      '-y',
      String(options.rows),
      '-c',
      options.cwd,
      script,
    );
    if (started.status !== 0) throw new Error(`tmux new-session failed: ${started.stderr}`);
    live.add(terminal);
    // Sizes are the test's to choose, not the (absent) client's.
    terminal.tmux('set-option', '-g', 'window-size', 'manual');
    terminal.socketPath = terminal.tmux('display-message', '-p', '#{socket_path}').stdout.trim();
    terminal.panePid = terminal.pid();
    return terminal;
  }

  /** Runs a tmux command against this terminal's own server. */
  tmux(...args: string[]) {
    // The server's environment becomes the pane's: no CI (ink renders only the last frame
    // under CI), no NO_COLOR (colours are part of what is tested), no outer tmux.
    const env: NodeJS.ProcessEnv = { ...process.env, LANG: 'C.UTF-8' };
    delete env.TMUX;
    delete env.CI;
    delete env.NO_COLOR;
    return spawnSync('tmux', ['-u', '-L', this.socket, '-f', '/dev/null', ...args], {
      encoding: 'utf8',
      env,
    });
  }

  /** Key names as tmux knows them: 'Enter', 'Escape', 'BSpace', 'Up', 'C-c', 's'. One press each. */
  sendKeys(...keys: string[]): void {
    for (const key of keys) {
      const sent = this.tmux('send-keys', '-t', 'e2e', key);
      if (sent.status !== 0) throw new Error(`tmux send-keys ${key} failed: ${sent.stderr}`);
    }
  }

  /** Text typed as is (send-keys -l), in one write, like a paste or a fast typist. */
  type(text: string): void {
    const sent = this.tmux('send-keys', '-t', 'e2e', '-l', text);
    if (sent.status !== 0) throw new Error(`tmux send-keys -l failed: ${sent.stderr}`);
  }

  /** The visible screen as plain text, one line per row (trailing blanks trimmed). */
  capture(): string {
    const shot = this.tmux('capture-pane', '-p', '-t', 'e2e');
    if (shot.status !== 0) throw new Error(`tmux capture-pane failed: ${shot.stderr}`);
    return shot.stdout;
  }

  /** The visible screen with SGR colour sequences kept (capture-pane -e). */
  captureColours(): string {
    return this.tmux('capture-pane', '-p', '-e', '-t', 'e2e').stdout;
  }

  /** Waits until the screen matches; returns that screen. Fails with the last screen shown. */
  async waitForText(pattern: RegExp | string, timeoutMs = 20_000): Promise<string> {
    const matches = (screen: string) =>
      typeof pattern === 'string' ? screen.includes(pattern) : pattern.test(screen);
    return this.waitForScreen(matches, String(pattern), timeoutMs);
  }

  /** Waits until a predicate over the screen holds. */
  async waitForScreen(
    predicate: (screen: string) => boolean,
    what: string,
    timeoutMs = 20_000,
  ): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let screen = '';
    for (;;) {
      screen = this.alive() ? this.capture() : '';
      if (predicate(screen)) return screen;
      if (Date.now() > deadline) {
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; the screen:\n${screen}`);
      }
      await sleep(100);
    }
  }

  /** The program's exit code once it has ended (the pane then shows the mark), else null. */
  exitCode(): number | null {
    const match = this.capture().match(/\[program exited with code (\d+)\]/);
    return match ? Number(match[1]) : null;
  }

  resize(cols: number, rows: number): void {
    const resized = this.tmux('resize-window', '-t', 'e2e', '-x', String(cols), '-y', String(rows));
    if (resized.status !== 0) throw new Error(`tmux resize-window failed: ${resized.stderr}`);
  }

  /** The pid of the pane's shell; the program (`env` execs into it) is its child. */
  pid(): number {
    return Number(this.tmux('display-message', '-p', '-t', 'e2e', '#{pane_pid}').stdout.trim());
  }

  alive(): boolean {
    return this.tmux('has-session', '-t', 'e2e').status === 0;
  }

  /**
   * Destroys the server and with it the pty: a real hangup for everything in it. Returns the
   * pids that were running in the pane (the program), for a caller that waits for them.
   */
  kill(): number[] {
    const program = childrenOf(this.panePid);
    this.tmux('kill-server');
    // tmux leaves its socket file behind when the server is killed.
    if (this.socketPath) rmSync(this.socketPath, { force: true });
    live.delete(this);
    return program;
  }
}

/**
 * For afterEach: no tmux server outlives its test, and the programs that were in them have
 * ended (a cockpit hung up may still write its snapshot for a moment), so the state directory
 * can be removed for good. Detached steps are not waited for: they are not in the pane.
 */
export async function killAllTerminals(timeoutMs = 15_000): Promise<void> {
  const pids = [...live].flatMap((terminal) => terminal.kill());
  const deadline = Date.now() + timeoutMs;
  while (pids.some(alivePid) && Date.now() < deadline) await sleep(100);
}
