// What a pane's program writes to its terminal, as tmux pipe-pane copies it to a file. Waiting
// on these bytes is far cheaper than polling capture-pane (a tmux client per poll, ~20 ms of
// CPU each on this machine), so the measurement does not slow down the program it measures.
import fs from 'node:fs';
import { nowMs, sleep } from './stats.js';
import type { Tmux } from './tmux.js';

/** Terminal bytes without control sequences: the text a frame puts on screen. */
export function visibleText(bytes: string): string {
  return bytes
    .replace(/\x1b\[[0-9;?<>=]*[ -/]*[@-~]/g, '')
    .replace(/\x1b\][^\x07\x1b]*(\x07|\x1b\\)/g, '')
    .replace(/\x1b[()][0-9A-Za-z]/g, '')
    .replace(/\x1b[0-9A-Za-z=>]/g, '');
}

export class PaneStream {
  #offset = 0;

  constructor(
    readonly tmux: Tmux,
    readonly pane: string,
    readonly file: string,
  ) {
    fs.writeFileSync(file, '');
    tmux.pipeTo(pane, file);
  }

  /** Bytes written so far. */
  size(): number {
    return fs.statSync(this.file).size;
  }

  /** Forget what was written so far: later waits look only at newer bytes. */
  mark(): void {
    this.#offset = this.size();
  }

  /** Bytes written since the mark, control sequences included. */
  rawSinceMark(): string {
    const size = this.size();
    if (size <= this.#offset) return '';
    const fd = fs.openSync(this.file, 'r');
    try {
      const buffer = Buffer.alloc(size - this.#offset);
      fs.readSync(fd, buffer, 0, buffer.length, this.#offset);
      return buffer.toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Visible text written since the mark. */
  sinceMark(): string {
    return visibleText(this.rawSinceMark());
  }

  /** Wait until the text written since the mark passes `test`; returns when it was seen. */
  async waitFor(
    test: (text: string) => boolean,
    what: string,
    timeoutMs = 30_000,
    read: () => string = () => this.sinceMark(),
  ): Promise<number> {
    const deadline = nowMs() + timeoutMs;
    let seenSize = -1;
    for (;;) {
      const size = this.size();
      if (size !== seenSize) {
        seenSize = size;
        if (test(read())) return nowMs();
      }
      if (nowMs() > deadline)
        throw new Error(`timed out waiting for ${what}; the screen was:\n${this.tmux.capture(this.pane)}`);
      await sleep(1);
    }
  }

  /** Wait for the raw bytes (escape sequences included) to pass `test`. */
  waitForRaw(test: (raw: string) => boolean, what: string, timeoutMs = 30_000): Promise<number> {
    return this.waitFor(test, what, timeoutMs, () => this.rawSinceMark());
  }

  stop(): void {
    this.tmux.stopPipe(this.pane);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The selection marker followed by this title (a glyph and a space between) in a frame. */
export function selectsTitle(title: string): RegExp {
  return new RegExp(`›[^\\n›]{0,3}${escapeRegExp(title)}(?![0-9])`);
}
