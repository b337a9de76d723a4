// ink 6.8's incremental renderer moves the cursor up one line too few when the previous frame
// ended with a newline — which every frame does when the root is rows − 1 high (the height
// that avoids ink's clear-the-scrollback path). Each update then lands one row lower and the
// screen drifts. Measured: after "a\nb\nc\n" the next diff starts with ESC[2A (must be 3).
// This stream wrapper corrects that one sequence and passes everything else through.

const DIFF_START = /^\x1b\[(\d+)A(?=\x1b\[E|\x1b\[1G|\x1b\[G)/;

/** The diff of a frame that follows a newline-terminated frame: one more line up. */
export function fixIncrementalWrite(chunk: string): string {
  return chunk.replace(DIFF_START, (_, n: string) => `\x1b[${Number(n) + 1}A`);
}

type Write = (...args: unknown[]) => boolean;

/** Escape sequences (CSI, OSC, two-byte ESC x): what moves the cursor or styles, not text. */
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

export interface FrameStream {
  stream: NodeJS.WriteStream;
  /**
   * Whether the last text written ended mid-line. ink's full redraw after a resize leaves the
   * cursor at the end of the footer, and a shell prompt after leaving would stick to it.
   */
  midLine(): boolean;
}

/** A proxy of `stdout` whose write() corrects ink's incremental cursor-up. */
export function frameStream(stdout: NodeJS.WriteStream): FrameStream {
  let midLine = false;
  const write: Write = (chunk, ...rest) => {
    if (typeof chunk !== 'string') return (stdout.write as Write)(chunk, ...rest);
    const text = chunk.replace(ESCAPES, '');
    if (text !== '') midLine = !text.endsWith('\n');
    return (stdout.write as Write)(fixIncrementalWrite(chunk), ...rest);
  };
  const stream = new Proxy(stdout, {
    get(target, property) {
      if (property === 'write') return write;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { stream, midLine: () => midLine };
}
