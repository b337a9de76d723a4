// Rendering the cockpit in ink-testing-library at a chosen terminal size, pressing keys, and
// comparing frames with the golden files under snapshots/.
import fs from 'node:fs';
import path from 'node:path';
import { render } from 'ink-testing-library';
import type { ReactElement } from 'react';
import { expect } from 'vitest';
import { CockpitApp } from '../../src/ui/app.js';
import type { UiEnv } from '../../src/ui/env.js';
import { type Lang, strings } from '../../src/ui/i18n/index.js';
import type { CockpitServices, StartTarget } from '../../src/ui/services.js';
import { stripSgr } from '../../src/ui/text.js';
import { createTheme } from '../../src/ui/theme.js';
import type { FakeSession } from './fake-session.js';
import { NOW } from './fixtures.js';

// Times are shown in local time: pin the zone so frames match everywhere.
process.env.TZ = 'UTC';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export const KEY = {
  up: '\x1b[A',
  down: '\x1b[B',
  enter: '\r',
  esc: '\x1b',
  tab: '\t',
  backspace: '\x7f',
  pgup: '\x1b[5~',
  pgdn: '\x1b[6~',
  home: '\x1b[H',
  end: '\x1b[F',
  ctrlC: '\x03',
} as const;

export function testEnv(lang: Lang = 'en', color = false, now: Date = NOW): UiEnv {
  return { lang, t: strings(lang), theme: createTheme(color), now: () => now, tickMs: 0 };
}

/** One macrotask: ink handles input and renders in the next turn. */
export const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Wait (macrotask by macrotask, at most `ms`) until `check` holds. */
export async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!check() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 5));
}

export type Rendered = ReturnType<typeof render> & {
  frame(): string;
  press(...keys: string[]): Promise<void>;
};

export async function renderAt(element: ReactElement, columns: number, rows: number): Promise<Rendered> {
  const instance = render(element);
  Object.defineProperty(instance.stdout, 'columns', { value: columns, configurable: true });
  Object.defineProperty(instance.stdout, 'rows', { value: rows, configurable: true });
  instance.stdout.emit('resize');
  await tick();
  await tick();
  return Object.assign(instance, {
    frame: () => plainFrame(instance.lastFrame() ?? ''),
    press: async (...keys: string[]) => {
      for (const key of keys) {
        instance.stdin.write(key);
        // A bare Esc is flushed on the next turn, and the router answers one key per render.
        for (let i = 0; i < 4; i++) await tick();
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
  });
}

export function plainFrame(frame: string): string {
  return stripSgr(frame)
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}

export const noServices: CockpitServices = {
  listPlans: async () => [],
  loadPlan: async (planPath) => ({ path: planPath, plan: null, error: 'not found' }),
  listRuns: async () => [],
  openSession: async () => {
    throw new Error('no sessions here');
  },
};

/**
 * The cockpit element on run v2.0.0 of p.yaml with these services, for tests that render it
 * themselves (resizes, a second open); without `size` it follows the stdout's size.
 */
export function cockpitOnRun(
  services: CockpitServices,
  options: { watch?: boolean; size?: { columns: number; rows: number } } = {},
): ReactElement {
  return (
    <CockpitApp
      services={services}
      target={{
        kind: 'run',
        planPath: 'p.yaml',
        run: 'v2.0.0',
        variables: {},
        watch: options.watch ?? false,
      }}
      env={testEnv()}
      {...(options.size ? { size: options.size } : {})}
      onExit={() => {}}
    />
  );
}

/** The cockpit opened on a fake session's run, at a size, in a language. */
export async function renderRun(
  session: FakeSession,
  options: {
    columns?: number;
    rows?: number;
    lang?: Lang;
    onExit?: () => void;
    services?: CockpitServices;
    now?: Date;
  } = {},
): Promise<Rendered> {
  const columns = options.columns ?? 80;
  const rows = options.rows ?? 24;
  const services: CockpitServices = { ...(options.services ?? noServices), openSession: async () => session };
  const target: StartTarget = {
    kind: 'run',
    planPath: 'plans/shop.yaml',
    run: 'v2.0.0',
    variables: {},
    watch: false,
  };
  const r = await renderAt(
    <CockpitApp
      services={services}
      target={target}
      env={testEnv(options.lang, false, options.now)}
      size={{ columns, rows }}
      onExit={options.onExit ?? (() => {})}
    />,
    columns,
    rows,
  );
  await tick();
  return r;
}

/** Compare with snapshots/NAME.txt; UPDATE_SNAPSHOTS=1 writes it. */
export function expectGolden(name: string, frame: string): void {
  const file = path.join(ROOT, 'snapshots', `${name}.txt`);
  const text = `${frame}\n`;
  if (process.env.UPDATE_SNAPSHOTS === '1') {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return;
  }
  if (!fs.existsSync(file)) {
    throw new Error(
      `no golden frame ${path.relative(ROOT, file)}: run npm run snapshots:update and review it`,
    );
  }
  expect(text, `golden frame ${name} differs (npm run snapshots:update rewrites it)`).toBe(
    fs.readFileSync(file, 'utf8'),
  );
}
