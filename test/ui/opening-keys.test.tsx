// Keys typed while a run is opening are kept, in order, for the screen that appears.
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { CockpitApp } from '../../src/ui/app.js';
import type { CockpitServices, StartTarget } from '../../src/ui/services.js';
import { FakeSession } from './fake-session.js';
import { prepDone, runState } from './fixtures.js';
import { KEY, noServices, renderAt, testEnv, tick, waitFor } from './harness.js';

afterEach(() => cleanup());

const TARGET: StartTarget = {
  kind: 'run',
  planPath: 'plans/shop.yaml',
  run: 'v2.0.0',
  variables: {},
  watch: false,
};

async function openingCockpit(session: FakeSession) {
  let resolveOpen: (session: FakeSession) => void = () => {};
  const services: CockpitServices = {
    ...noServices,
    openSession: () => new Promise((resolve) => (resolveOpen = resolve)),
  };
  const view = await renderAt(
    <CockpitApp
      services={services}
      target={TARGET}
      env={testEnv()}
      size={{ columns: 80, rows: 24 }}
      onExit={() => {}}
    />,
    80,
    24,
  );
  return { view, open: () => resolveOpen(session) };
}

describe('keys typed while a run opens', () => {
  it('reach the variables form that appears, none dropped, Enter included', async () => {
    const session = new FakeSession({ state: prepDone(runState()), missingVariables: ['RELEASE_T0'] });
    const { view, open } = await openingCockpit(session);
    expect(view.frame()).toContain('v2.0.0');
    // Typed one key at a time, as a person does, with turns in between.
    for (const key of '2026-11-27T22:00Z') {
      view.stdin.write(key);
      await tick();
    }
    view.stdin.write(KEY.enter);
    for (let i = 0; i < 20; i++) await tick();
    expect(view.frame()).not.toContain('Variable 1/1');
    open();
    await waitFor(() => session.called('setVariable').length > 0);
    expect(session.called('setVariable')).toEqual([['RELEASE_T0', '2026-11-27T22:00Z']]);
  });

  it('Ctrl-C still leaves while the run is opening', async () => {
    let left = false;
    const services: CockpitServices = { ...noServices, openSession: () => new Promise(() => {}) };
    const view = await renderAt(
      <CockpitApp
        services={services}
        target={TARGET}
        env={testEnv()}
        size={{ columns: 80, rows: 24 }}
        onExit={() => (left = true)}
      />,
      80,
      24,
    );
    view.stdin.write('abc');
    view.stdin.write(KEY.ctrlC);
    await waitFor(() => left);
    expect(left).toBe(true);
  });
});
