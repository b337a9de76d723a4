// The cockpit command writes the opening screen's words before ink loads and hands the line to
// ink, which draws over it (ui/main.tsx clears it first).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const writes: string[] = [];

const outcome = {
  warnings: [] as string[],
  hangup: false,
  running: [] as string[],
  planPath: null as string | null,
  run: null as string | null,
};
vi.mock('../../src/ui/main.js', () => ({
  runCockpit: vi.fn(async () => {
    writes.push('<ink>');
    return { ...outcome };
  }),
}));
vi.mock('../../src/commands/cockpit-services.js', () => ({ realServices: () => ({}) }));

const { default: cockpit, invokedAs } = await import('../../src/commands/cockpit.js');

function ctx(args: string[]) {
  const stdout = { isTTY: true, write: (text: string) => writes.push(text) } as unknown as NodeJS.WriteStream;
  const stderr = { write: (text: string) => writes.push(`stderr:${text}`) } as unknown as NodeJS.WriteStream;
  return { args, global: { stateDir: '/tmp/none', operator: 'alice', lang: 'en' }, stdout, stderr };
}

let stdinTTY: PropertyDescriptor | undefined;
beforeEach(() => {
  writes.length = 0;
  stdinTTY = Object.getOwnPropertyDescriptor(process.stdin, 'isTTY');
  Object.defineProperty(process.stdin, 'isTTY', { value: true, configurable: true });
});
afterEach(() => {
  if (stdinTTY) Object.defineProperty(process.stdin, 'isTTY', stdinTTY);
  else delete (process.stdin as { isTTY?: boolean }).isTTY;
});

describe('the cockpit command', () => {
  it('says it is opening the run before ink loads, and lets ink draw over it', async () => {
    expect(await cockpit(ctx(['plans/demo.yaml', '--run', 'r1']))).toBe(0);
    expect(writes[0]).toBe('\x1b[2mopening r1…\x1b[22m');
    expect(writes[1]).toBe('<ink>');
  });

  it('leaving with steps running says how to come back: the same program, state dir, plan and run', async () => {
    Object.assign(outcome, { running: ['build'], planPath: `${process.cwd()}/plans/demo.yaml`, run: 'r1' });
    try {
      expect(await cockpit(ctx(['plans/demo.yaml', '--run', 'r1']))).toBe(0);
    } finally {
      Object.assign(outcome, { running: [], planPath: null, run: null });
    }
    const command = `${invokedAs(process.argv[1], process.cwd())} --state-dir /tmp/none plans/demo.yaml --run r1`;
    expect(writes.at(-1)).toBe(`Reopen with: ${command}\n`);
    expect(invokedAs('/usr/local/bin/release-cockpit', '/srv')).toBe('release-cockpit');
    expect(invokedAs('/work/main/dist/cli.js', '/work/main')).toBe('node dist/cli.js');
  });

  it('a bad --var is refused before anything is written to the terminal', async () => {
    await expect(cockpit(ctx(['plans/demo.yaml', '--run', 'r1', '--var', 'nope']))).rejects.toThrow(
      /NAME=VALUE/,
    );
    expect(writes).toEqual([]);
  });
});
