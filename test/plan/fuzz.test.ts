// No input may end in a stack trace: thousands of mangled plans (seeded, so a failure can be
// replayed) must each load or fail with problem lines, never with another exception.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProblemsError } from '../../src/errors.js';
import { loadPlanBytes } from '../../src/plan/load.js';
import { ROOT } from '../helpers/cli.js';

const SOURCES = ['test/fixtures/plans/mini.yaml', 'plans/demo.yaml'].map((file) =>
  readFileSync(path.join(ROOT, file), 'utf8'),
);
const SNIPPETS = [
  '- ',
  ': ',
  '{',
  '}',
  '[',
  ']',
  '&a ',
  '*a',
  '<<: *a',
  '!!binary ',
  '!x ',
  '"',
  "'",
  '\t',
  '\n',
  '#',
  '|',
  '>',
  '---\n',
  '? ',
  '{{',
  '}}',
  '$',
  '${',
  '\u0000',
  '\uFEFF',
  'é',
  '0x',
  '~',
  'null',
  '1e999',
];

/** mulberry32: a small seeded generator. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mangle(text: string, next: () => number): string {
  let result = text;
  const edits = 1 + Math.floor(next() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(next() * result.length);
    const lines = result.split('\n');
    const line = Math.floor(next() * lines.length);
    switch (Math.floor(next() * 5)) {
      case 0:
        result = result.slice(0, at) + result.slice(at + 1 + Math.floor(next() * 20));
        break;
      case 1:
        result = result.slice(0, at) + SNIPPETS[Math.floor(next() * SNIPPETS.length)] + result.slice(at);
        break;
      case 2:
        lines.splice(line, 0, lines[Math.floor(next() * lines.length)] ?? '');
        result = lines.join('\n');
        break;
      case 3:
        lines.splice(line, 1);
        result = lines.join('\n');
        break;
      default:
        lines[line] = ` ${lines[line] ?? ''}`;
        result = lines.join('\n');
    }
  }
  return result;
}

describe('loader fuzz', () => {
  it('every mangled plan loads or yields one-line problems placed in the file', () => {
    const next = random(20261127);
    let failures = 0;
    for (let i = 0; i < 600; i++) {
      const text = mangle(SOURCES[i % SOURCES.length] as string, next);
      try {
        loadPlanBytes(Buffer.from(text, 'utf8'), 'f.yaml');
      } catch (error) {
        if (!(error instanceof ProblemsError)) throw new Error(`case ${i}: ${String(error)}\n${text}`);
        failures++;
        for (const line of error.lines) expect(line, `case ${i}`).toMatch(/^f\.yaml(?::\d+:\d+)?: [^\n]+$/);
      }
    }
    // The mangling must actually break plans, or this test proves nothing.
    expect(failures).toBeGreaterThan(300);
  });
});
