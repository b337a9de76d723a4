// Golden frames of the main screens at 80×24 and 120×40, in English and Russian (and one with
// emoji, CJK and combining accents), stored as
// plain text under snapshots/. `npm run snapshots:update` rewrites them (review the diff).
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, it } from 'vitest';
import { CockpitApp } from '../../src/ui/app.js';
import type { Lang } from '../../src/ui/i18n/index.js';
import { FakeSession } from './fake-session.js';
import { PLAN } from './fixtures.js';
import { expectGolden, KEY, noServices, type Rendered, renderAt, renderRun, testEnv } from './harness.js';
import { failed, rolledBack, running, watching, wideText } from './scenes.js';

afterEach(() => cleanup());

const SIZES = [
  [80, 24],
  [120, 40],
] as const;
const LANGS: Lang[] = ['en', 'ru'];

const startServices = {
  ...noServices,
  listPlans: async () => [
    { path: 'plans/shop.yaml', plan: PLAN, error: null },
    {
      path: 'plans/broken.yaml',
      plan: null,
      error: 'plans/broken.yaml:12:5: unknown key "comand" (did you mean "command"?)',
    },
  ],
  listRuns: async () => [
    {
      planId: 'shop-2-0',
      planPath: null,
      run: 'v2.0.0',
      done: 5,
      total: 9,
      lastEventAt: '2026-12-01T11:58:00Z',
      lock: {
        lockId: 'lk-1',
        user: 'alice',
        host: 'bastion',
        pid: 4100,
        tty: null,
        sshClient: null,
        since: '2026-12-01T11:30:00Z',
      },
      rollback: false,
    },
    {
      planId: 'shop-2-0',
      planPath: null,
      run: 'rehearsal',
      done: 9,
      total: 9,
      lastEventAt: '2026-11-28T16:20:00Z',
      lock: null,
      rollback: false,
    },
  ],
};

type Scene = (columns: number, rows: number, lang: Lang) => Promise<Rendered>;

const SCENES: Record<string, Scene> = {
  start: (columns, rows, lang) =>
    renderAt(
      <CockpitApp
        services={startServices}
        target={{ kind: 'start' }}
        env={testEnv(lang)}
        size={{ columns, rows }}
        onExit={() => {}}
      />,
      columns,
      rows,
    ),
  'main-running': (columns, rows, lang) => renderRun(running(), { columns, rows, lang }),
  'main-failed': (columns, rows, lang) => renderRun(failed(), { columns, rows, lang }),
  'dialog-dangerous': async (columns, rows, lang) => {
    const view = await renderRun(failed(), { columns, rows, lang });
    await view.press('r', 'M', 'I', 'G');
    return view;
  },
  rollback: (columns, rows, lang) => renderRun(rolledBack(), { columns, rows, lang }),
  'rollback-dialog': async (columns, rows, lang) => {
    const view = await renderRun(failed(), { columns, rows, lang });
    await view.press('R', KEY.enter, 'R', 'O', 'L');
    return view;
  },
  help: async (columns, rows, lang) => {
    const view = await renderRun(running(), { columns, rows, lang });
    await view.press('?');
    return view;
  },
  watch: (columns, rows, lang) => renderRun(watching(), { columns, rows, lang }),
};

describe('golden frames', () => {
  for (const [name, scene] of Object.entries(SCENES)) {
    for (const [columns, rows] of SIZES) {
      for (const lang of LANGS) {
        it(`${name} ${columns}×${rows} ${lang}`, async () => {
          const view = await scene(columns, rows, lang);
          expectGolden(`${name}.${columns}x${rows}.${lang}`, view.frame());
          view.unmount();
        });
      }
    }
  }
  // Emoji and CJK take two columns, a combining accent none: every row still ends at the edge.
  for (const [columns, rows] of SIZES) {
    it(`wide text ${columns}×${rows} en`, async () => {
      const view = await renderRun(wideText(), { columns, rows });
      expectGolden(`wide-text.${columns}x${rows}.en`, view.frame());
      view.unmount();
    });
  }
  for (const lang of LANGS) {
    it(`too small 50×14 ${lang}`, async () => {
      const view = await renderRun(new FakeSession(), { columns: 50, rows: 14, lang });
      expectGolden(`too-small.50x14.${lang}`, view.frame());
    });
  }
});
