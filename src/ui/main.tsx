// Mount the cockpit on the terminal and run it until the operator leaves or the terminal goes
// away. Leaving never stops a step: steps run detached and the session only releases the lock.
import { appendFileSync } from 'node:fs';
import { render } from 'ink';
import type { Session } from '../session/types.js';
import { CockpitApp } from './app.js';
import type { UiEnv } from './env.js';
import { FrameSignal } from './frame-signal.js';
import { frameStream } from './frame-stream.js';
import { runningStepIds } from './model/outline.js';
import type { CockpitServices, StartTarget } from './services.js';

export interface CockpitRun {
  services: CockpitServices;
  target: StartTarget;
  env: UiEnv;
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

export interface CockpitOutcome {
  /** Process warnings held while the screen was up. */
  warnings: string[];
  /** The terminal went away (hangup, EIO/EPIPE): nothing more should be written to it. */
  hangup: boolean;
  running: string[];
  planPath: string | null;
  run: string | null;
}

const HANGUP_CODES = new Set(['EIO', 'EPIPE', 'ENXIO', 'ECONNRESET']);

/**
 * Node prints process warnings straight to stderr, which would tear the screen: hold them
 * while the cockpit is up and hand them back to print after it.
 */
function holdWarnings(): () => string[] {
  const held: string[] = [];
  const previous = process.listeners('warning');
  process.removeAllListeners('warning');
  const hold = (warning: Error) => held.push(`${warning.name}: ${warning.message}`);
  process.on('warning', hold);
  return () => {
    process.off('warning', hold);
    for (const listener of previous) process.on('warning', listener);
    return held;
  };
}

/** Back to the line's first column, the line cleared. */
const ERASE_LINE = '\r\x1b[2K';

export function runCockpit(options: CockpitRun): Promise<CockpitOutcome> {
  const releaseWarnings = holdWarnings();
  return new Promise((resolve) => {
    let finished = false;
    let session: Session | null = null;
    const finish = async (hangup: boolean) => {
      if (finished) return;
      finished = true;
      process.off('SIGHUP', onHangup);
      process.off('SIGTERM', onTerm);
      options.stdout.off('error', onStreamError);
      options.stdin.off('error', onStreamError);
      options.stdin.off('end', onHangup);
      const view = session?.view() ?? null;
      try {
        if (!hangup) {
          instance.unmount();
          // What the shell writes next starts on a line of its own.
          if (terminal.midLine()) options.stdout.write('\n');
        } else instance.cleanup?.();
      } catch {
        // The terminal is gone; nothing to draw on.
      }
      try {
        await session?.close();
      } catch {
        // Closing releases the lock; a failure leaves a lock another start takes over.
      }
      resolve({
        warnings: [...new Set(releaseWarnings())],
        hangup,
        running: view ? runningStepIds(view.state) : [],
        planPath: view?.planPath ?? null,
        run: view?.state.run ?? null,
      });
    };
    const onHangup = () => void finish(true);
    const onTerm = () => void finish(false);
    const onStreamError = (error: NodeJS.ErrnoException) => {
      if (HANGUP_CODES.has(error.code ?? '')) void finish(true);
    };
    process.on('SIGHUP', onHangup);
    process.on('SIGTERM', onTerm);
    options.stdout.on('error', onStreamError);
    options.stdin.on('error', onStreamError);
    options.stdin.on('end', onHangup);
    // The opening line the command wrote before ink loaded (see commands/cockpit.ts) gives way
    // to ink's first frame, drawn from the start of that line.
    options.stdout.write(ERASE_LINE);
    const frames = new FrameSignal();
    const terminal = frameStream(options.stdout);
    const instance = render(
      <CockpitApp
        services={{
          ...options.services,
          openSession: async (request) => {
            const opened = await options.services.openSession(request);
            session = opened;
            return opened;
          },
        }}
        target={options.target}
        env={{ ...options.env, frames }}
        onExit={() => void finish(false)}
      />,
      {
        stdin: options.stdin,
        stdout: terminal.stream,
        stderr: options.stderr,
        incrementalRendering: true,
        maxFps: 30,
        onRender: frameLog(process.env.RC_FRAME_LOG, frames),
        patchConsole: false,
        exitOnCtrlC: false,
      },
    );
  });
}

/**
 * Each frame ink writes is counted (the flow waits for a screen's frame: app.tsx), and with
 * RC_FRAME_LOG=FILE appended as "epoch-ms render-ms": handy to see what a plan's output costs.
 */
function frameLog(file: string | undefined, frames: FrameSignal): (m: { renderTime: number }) => void {
  return ({ renderTime }) => {
    if (file) {
      try {
        appendFileSync(file, `${Date.now()} ${renderTime.toFixed(2)}\n`);
      } catch {
        // A measuring aid must never stop the cockpit.
      }
    }
    frames.written();
  };
}
