// ink 6.8's incremental renderer drifts one row per update when frames end in a newline (our
// rows − 1 root): replayed through a small terminal model, the screen must show exactly the
// last frame, with the fix and not without it.
import { EventEmitter } from 'node:events';
import { Box, render, Text } from 'ink';
import { useEffect, useState } from 'react';
import { describe, expect, it } from 'vitest';
import { fixIncrementalWrite, frameStream } from '../../src/ui/frame-stream.js';
import { VTerm } from './vterm.js';

class TtyOut extends EventEmitter {
  readonly isTTY = true;
  constructor(
    readonly columns: number,
    readonly rows: number,
    readonly sink: (data: string) => void,
  ) {
    super();
  }
  write(data: string): boolean {
    this.sink(data);
    return true;
  }
}

function Counter({ rows, updates, onDone }: { rows: number; updates: number; onDone: () => void }) {
  const [n, setN] = useState(0);
  useEffect(() => {
    if (n >= updates) {
      onDone();
      return;
    }
    const timer = setTimeout(() => setN(n + 1), 2);
    return () => clearTimeout(timer);
  }, [n, updates, onDone]);
  return (
    <Box flexDirection="column" height={rows - 1}>
      {Array.from({ length: rows - 1 }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: fixed rows
        <Text key={i}>{i === 0 ? `top ${n}` : i === 5 ? `middle ${n}` : `row ${i}`}</Text>
      ))}
    </Box>
  );
}

async function replay(fixed: boolean): Promise<string> {
  const term = new VTerm(40, 12);
  const out = new TtyOut(40, 12, (data) => term.write(data));
  const stdout = (
    fixed ? frameStream(out as unknown as NodeJS.WriteStream).stream : out
  ) as NodeJS.WriteStream;
  let done = () => {};
  const finished = new Promise<void>((resolve) => {
    done = () => setTimeout(resolve, 150);
  });
  const instance = render(<Counter rows={12} updates={5} onDone={done} />, {
    stdout,
    incrementalRendering: true,
    maxFps: 1000,
    patchConsole: false,
    exitOnCtrlC: false,
  });
  await finished;
  const screen = term.screen();
  instance.unmount();
  return screen;
}

describe('frame stream', () => {
  it('adds the missing line to the diff cursor-up only', () => {
    expect(fixIncrementalWrite('\x1b[22A\x1b[E\x1b[1Gx')).toBe('\x1b[23A\x1b[E\x1b[1Gx');
    expect(fixIncrementalWrite('\x1b[2K\x1b[1A\x1b[2K\x1b[G')).toBe('\x1b[2K\x1b[1A\x1b[2K\x1b[G');
    expect(fixIncrementalWrite('plain text\n')).toBe('plain text\n');
  });

  it('keeps the frame in place through updates (and ink alone does not)', async () => {
    const good = await replay(true);
    expect(good.split('\n')[0]).toBe('top 5');
    expect(good.split('\n')[5]).toBe('middle 5');
    expect(good).not.toContain('top 4');
    const drifted = await replay(false);
    expect(drifted.split('\n')[0]).not.toBe('top 5');
  });
});
