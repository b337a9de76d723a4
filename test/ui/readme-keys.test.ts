// The README's key table is generated from the bindings table (ui/keys.ts): it fails when they
// differ; `npm run snapshots:update` rewrites the README's table.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keysMarkdown } from '../../src/ui/model/keys-view.js';
import { ROOT } from './harness.js';

const README = path.join(ROOT, 'README.md');
const BEGIN = '<!-- keys: generated from src/ui/keys.ts; npm run snapshots:update rewrites it -->';
const END = '<!-- keys: end -->';

describe("the README's key table", () => {
  it('is the bindings table', () => {
    const text = readFileSync(README, 'utf8');
    const start = text.indexOf(BEGIN);
    const end = text.indexOf(END);
    expect(start, `README.md has no ${BEGIN}`).toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(start);
    const table = `\n${keysMarkdown()}\n`;
    if (process.env.UPDATE_SNAPSHOTS === '1') {
      writeFileSync(README, text.slice(0, start + BEGIN.length) + table + text.slice(end));
      return;
    }
    expect(text.slice(start + BEGIN.length, end), 'README key table differs (npm run snapshots:update)').toBe(
      table,
    );
  });
});
