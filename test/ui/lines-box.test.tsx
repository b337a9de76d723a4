// LinesBox draws rows styled by the cockpit itself, and keeps ink from retaining every distinct
// text it ever laid out (ink 6.8 caches measured sizes forever: vadimdemedes/ink#986).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { LinesBox, styledRow } from '../../src/ui/components/lines.js';
import { seg } from '../../src/ui/model/line.js';
import { createTheme } from '../../src/ui/theme.js';
import { plainFrame, tick } from './harness.js';

afterEach(() => cleanup());

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

describe('LinesBox', () => {
  it('styles segments with SGR, NO_COLOR keeping bold and inverse, raw output reset after', () => {
    const colour = createTheme(true);
    const mono = createTheme(false);
    const line = [seg('ok', { tone: 'ok', bold: true }), seg(' x '), seg('\x1b[31mred', { raw: true })];
    expect(styledRow(line, 80, colour)).toBe('\x1b[32;1mok\x1b[0m x \x1b[31mred\x1b[0m');
    expect(styledRow(line, 80, mono)).toBe('\x1b[1mok\x1b[0m x red');
    expect(styledRow([seg('abcdef', { inverse: true })], 4, mono)).toBe('\x1b[7mabc…\x1b[0m');
    expect(styledRow(undefined, 10, mono)).toBe('');
  });

  it('draws exactly height rows cut to width', async () => {
    const view = render(
      <LinesBox
        lines={[[seg('first line that is long')], [seg('second')]]}
        width={10}
        height={3}
        theme={createTheme(false)}
      />,
    );
    await tick();
    expect(plainFrame(view.lastFrame() ?? '').split('\n')).toEqual(['first lin…', 'second', '']);
  });

  it('does not grow the heap with every distinct line it ever showed', async () => {
    const theme = createTheme(true);
    const frame = (n: number) =>
      Array.from({ length: 20 }, (_, row) => [seg(`${n}:${row} ${'log text '.repeat(45)}`, { raw: true })]);
    const show = (n: number) => {
      view.rerender(<LinesBox lines={frame(n)} width={400} height={20} theme={theme} />);
      view.frames.length = 0; // ink-testing-library keeps every frame; this test must not.
    };
    const view = render(<LinesBox lines={frame(0)} width={400} height={20} theme={theme} />);
    for (let n = 1; n <= 50; n++) show(n);
    const before = heapMb();
    // 350 frames × 20 distinct rows of ~400 characters: 7,000 texts, ~6 MB when ink kept them.
    for (let n = 51; n <= 400; n++) show(n);
    await tick();
    expect(plainFrame(view.lastFrame() ?? '').split('\n')[0]).toMatch(/^400:0 log text/);
    expect(heapMb() - before).toBeLessThan(2);
  }, 60_000);
});
