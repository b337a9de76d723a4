// The layer check of `npm run lint`: the README's order is the one enforced, a clean tree
// passes, and a back-edge (or an import between the two siblings) added to a copy of src/ fails
// naming its rule.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const layers = createRequire(import.meta.url)('./layers.cjs') as { name: string; level?: string }[];
const CONFIG = 'test/layers/dependency-cruiser.cjs';

function cruise(cwd: string) {
  return spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'), 'src', '--config', CONFIG],
    { cwd, encoding: 'utf8' },
  );
}

describe('the layers', () => {
  it('are the order the README draws', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const line = /^Layers, lowest first: (.+)$/m.exec(readme)?.[1];
    const levels = [...new Set(layers.map((layer) => layer.level ?? layer.name))];
    expect(line?.split(' → ')).toEqual(levels.map((level) => level.replace('|', ' | ')));
  });
});

describe('npm run lint: the layer check', () => {
  let copy: string;
  beforeAll(() => {
    copy = mkdtempSync(path.join(os.tmpdir(), 'rc-layers-'));
    cpSync(path.join(ROOT, 'src'), path.join(copy, 'src'), { recursive: true });
    cpSync(path.join(ROOT, 'test/layers'), path.join(copy, 'test/layers'), { recursive: true });
    cpSync(path.join(ROOT, 'tsconfig.json'), path.join(copy, 'tsconfig.json'));
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'));
  });
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  const edit = (file: string, change: (text: string) => string) => {
    const full = path.join(copy, file);
    const before = readFileSync(full, 'utf8');
    writeFileSync(full, change(before));
    return () => writeFileSync(full, before);
  };

  it('passes the tree as it is', () => {
    const result = cruise(copy);
    expect(result.stdout).toContain('no dependency violations found');
    expect(result.status).toBe(0);
  });

  it('fails on a back-edge, even a type-only one, naming the rule and the import', () => {
    const undo = edit(
      'src/plan/outline.ts',
      (text) => `import type { Session } from '../session/types.js';\nexport type S = Session;\n${text}`,
    );
    const result = cruise(copy);
    undo();
    expect(result.status).not.toBe(0);
    expect(result.stdout).toMatch(
      /error plan-imports-upward: src\/plan\/outline\.ts → src\/session\/types\.ts/,
    );
  });

  it('fails on a lazy import() upward and on an import between the siblings', () => {
    const undoUi = edit(
      'src/journal/paths.ts',
      (text) => `${text}\nexport const ui = () => import('../ui/keys.js');\n`,
    );
    const undoSibling = edit('src/report/format.ts', (text) => `import '../runner/log-tail.js';\n${text}`);
    const result = cruise(copy);
    undoUi();
    undoSibling();
    expect(result.status).not.toBe(0);
    expect(result.stdout).toMatch(
      /error journal-imports-upward: src\/journal\/paths\.ts → src\/ui\/keys\.ts/,
    );
    expect(result.stdout).toMatch(
      /error report-imports-sibling: src\/report\/format\.ts → src\/runner\/log-tail\.ts/,
    );
  });
});
