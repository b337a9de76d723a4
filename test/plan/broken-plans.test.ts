// The broken-plan corpus: every fixture is a different fault and declares the first problem
// the real CLI must print (`# expect: LINE:COL [PATH] ~ words of the message`).

import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import validate from '../../src/commands/validate.js';
import { ROOT, runCli } from '../helpers/cli.js';

const CORPUS = 'test/fixtures/broken-plans';
const fixtures = readdirSync(path.join(ROOT, CORPUS))
  .filter((name) => name.endsWith('.yaml'))
  .sort();

interface Expectation {
  position: string;
  path: string | undefined;
  words: string;
}

function expectation(file: string): Expectation {
  const first = readFileSync(path.join(ROOT, file), 'utf8').split('\n')[0] ?? '';
  const match = /^# expect: (\d+:\d+)(?: (\S+))? ~ (.+)$/.exec(first);
  if (!match) throw new Error(`${file}: the first line must be "# expect: LINE:COL [PATH] ~ words"`);
  return { position: match[1] as string, path: match[2], words: match[3] as string };
}

/** The validate command run in this process for one file (named absolutely, shown relative). */
async function validateInProcess(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (into: string[]) =>
    ({ write: (chunk: string) => into.push(chunk) }) as unknown as NodeJS.WriteStream;
  const absolute = path.join(ROOT, file);
  const code = await validate({
    args: [absolute],
    global: { stateDir: undefined, operator: undefined, lang: undefined },
    stdout: sink(out),
    stderr: sink(err),
  });
  return { code, stdout: out.join(''), stderr: err.join('').split(absolute).join(file) };
}

/** Problem lines: FILE[:LINE:COL]: [PATH: ]message — one per line, never a stack frame. */
function expectCleanProblems(stderr: string, file: string): string[] {
  const lines = stderr.trimEnd().split('\n');
  for (const line of lines) {
    expect(line.startsWith(`${file}:`), line).toBe(true);
    expect(line).not.toMatch(/^\s+at\s|Error:|node:internal|\(node:\d+\)/);
  }
  return lines;
}

describe('broken plans corpus', () => {
  const expectations = new Map(fixtures.map((name) => [name, expectation(`${CORPUS}/${name}`)]));
  // One real CLI run over the whole corpus (a process per file would cost a minute on CI);
  // each file's own exit code is checked in-process below through the same command.
  const batch = runCli(['validate', ...fixtures.map((name) => `${CORPUS}/${name}`)]);
  const linesOf = (file: string) => batch.stderr.split('\n').filter((line) => line.startsWith(`${file}:`));

  it('holds at least 35 different faults', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(35);
    const distinct = new Set([...expectations.values()].map((e) => `${e.path ?? ''} ~ ${e.words}`));
    expect(distinct.size).toBe(fixtures.length);
  });

  it('the CLI rejects every one with exit 2, nothing on stdout, only problem lines on stderr', () => {
    expect(batch.code).toBe(2);
    expect(batch.stdout).toBe('');
    const known = fixtures.map((name) => `${CORPUS}/${name}:`);
    for (const line of batch.stderr.trimEnd().split('\n')) {
      expect(
        known.some((prefix) => line.startsWith(prefix)),
        line,
      ).toBe(true);
      expect(line).not.toMatch(/^\s+at\s|Error:|node:internal|\(node:\d+\)/);
    }
  });

  it('never repeats a secret written in a plan', () => {
    expect(linesOf(`${CORPUS}/secret-with-default.yaml`).join('\n')).not.toContain('hunter2');
    expect(linesOf(`${CORPUS}/secret-default-wrong-type.yaml`).join('\n')).not.toContain('1234567890');
  });

  it.each(fixtures)('%s: the expected first problem', async (name) => {
    const file = `${CORPUS}/${name}`;
    const expected = expectations.get(name) as Expectation;
    const lines = linesOf(file);
    expect(lines.length).toBeGreaterThan(0);
    const prefix = expected.path
      ? `${file}:${expected.position}: ${expected.path}: `
      : `${file}:${expected.position}: `;
    expect(lines[0]?.startsWith(prefix), `${lines[0]} should start with ${prefix}`).toBe(true);
    expect(lines[0]).toContain(expected.words);
    const alone = await validateInProcess(file);
    expect(alone.code).toBe(2);
    expect(alone.stderr.trimEnd().split('\n')).toEqual(lines);
  });
});

describe('files that are not plans', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'rc-broken-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function validate(file: string) {
    const result = runCli(['validate', file]);
    expect(result.code).toBe(2);
    return expectCleanProblems(result.stderr, file);
  }

  it('a missing file', () => {
    expect(validate(path.join(dir, 'nope.yaml'))[0]).toMatch(/: no such file$/);
  });

  it('a directory', () => {
    const sub = path.join(dir, 'plans.yaml');
    mkdirSync(sub);
    expect(validate(sub)[0]).toMatch(/: is a directory, not a plan file$/);
  });

  it('a file with a NUL byte, at the NUL', () => {
    const file = path.join(dir, 'binary.yaml');
    writeFileSync(file, Buffer.from('id: x\ntitle: ab\u0000cd\n', 'utf8'));
    expect(validate(file)).toEqual([
      `${file}:2:10: this is not a text file (it holds a NUL byte); a plan is UTF-8 YAML`,
    ]);
  });

  it('a file that is not UTF-8, at the bad byte', () => {
    const file = path.join(dir, 'latin1.yaml');
    writeFileSync(
      file,
      Buffer.concat([Buffer.from('id: x\ntitle: caf'), Buffer.from([0xe9]), Buffer.from('\n')]),
    );
    expect(validate(file)[0]).toBe(
      `${file}:2:11: the file is not UTF-8 text (an invalid byte sequence); save it as UTF-8`,
    );
  });

  it('a file over the 1 MiB limit says the limit', () => {
    const file = path.join(dir, 'huge.yaml');
    writeFileSync(file, `id: x\ndescription: "${'a'.repeat(1024 * 1024)}"\n`);
    const [line] = validate(file);
    expect(line).toMatch(
      /: the file is 1\.0 MiB \(\d+ bytes\); a plan may be at most 1 MiB \(1048576 bytes\)$/,
    );
  });

  it('a FIFO is not read (it would block)', () => {
    const fifo = path.join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    expect(validate(fifo)[0]).toBe(`${fifo}: is not a regular file`);
  });

  it.skipIf(process.getuid?.() === 0)('an unreadable file', () => {
    const file = path.join(dir, 'secret.yaml');
    writeFileSync(file, 'id: x\n');
    chmodSync(file, 0o000);
    expect(validate(file)[0]).toBe(`${file}: cannot read it: permission denied`);
  });

  it('nesting too deep for the parser is a problem, not a crash', () => {
    const file = path.join(dir, 'deep.yaml');
    writeFileSync(file, `id: x\nphases: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`);
    expect(validate(file)[0]).toMatch(/:2:\d+: the YAML is nested too deeply to read$/);
  });

  it('many problems are capped with a count of the rest', () => {
    const file = path.join(dir, 'many.yaml');
    const keys = Array.from({ length: 150 }, (_, i) => `k${i}: 1`).join('\n');
    writeFileSync(file, `${keys}\n`);
    const lines = validate(file);
    expect(lines).toHaveLength(101);
    expect(lines[100]).toMatch(/: \d+ more problems not shown$/);
  });

  it('every problem of a plan is listed, sorted by line', () => {
    const file = path.join(dir, 'several.yaml');
    writeFileSync(
      file,
      [
        'id: Several',
        'title: 42',
        'version: 1',
        'language: en',
        'phases:',
        '  - id: one',
        '    title: One',
        '    window: T0',
        '    steps:',
        '      - id: a',
        '        kind: command',
        '        title: A',
        '        run: echo "$UNDECLARED"',
        '        tiemout: 5m',
        '',
      ].join('\n'),
    );
    const lines = validate(file);
    expect(
      lines.map((line) =>
        line
          .slice(file.length + 1)
          .split(': ')
          .slice(0, 2)
          .join(': '),
      ),
    ).toEqual(['1:5: id', '2:8: title', '14:9: phases[0].steps[0].tiemout']);
    expect(lines[2]).toContain('did you mean "timeout"?');
  });

  it('validates several files, reporting each, exit 2 if any is bad', () => {
    const result = runCli(['validate', 'test/fixtures/plans/mini.yaml', `${CORPUS}/wrong-kind.yaml`]);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(
      /^test\/fixtures\/plans\/mini\.yaml: ok \(6 steps, 2 phases, 1 rollback step, 5 variables\)\n$/,
    );
    expect(result.stderr).toContain(
      `${CORPUS}/wrong-kind.yaml:12:15: phases[0].steps[0].kind: unknown step kind`,
    );
  });

  it('validate without a plan is a usage error', () => {
    const result = runCli(['validate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('usage: release-cockpit validate PLAN...');
  });
});
