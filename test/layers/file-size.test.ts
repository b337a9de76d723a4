// House rule: a src file over ~300 lines says at its top why it is that long: TypeScript and
// the runner's shell programs (src/runner/sh/*.sh) alike.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(file);
    return /\.(tsx?|sh)$/.test(entry.name) ? [file] : [];
  });
}

describe('src files', () => {
  it('over 320 lines say why in the comment at their top', () => {
    const unexplained: string[] = [];
    for (const file of sources(path.join(ROOT, 'src'))) {
      const lines = readFileSync(file, 'utf8').split('\n');
      if (lines.length <= 320) continue;
      // The comment at the top: // lines in TypeScript, # lines in shell (#! and shellcheck's too).
      const comment = file.endsWith('.sh') ? /^#/ : /^(\/\/|#!)/;
      const header = lines.slice(
        0,
        lines.findIndex((line) => !comment.test(line)),
      );
      if (!header.some((line) => /over 300 lines because/i.test(line))) {
        unexplained.push(`${path.relative(ROOT, file)} (${lines.length} lines)`);
      }
    }
    expect(unexplained).toEqual([]);
  });
});
