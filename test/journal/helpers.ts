// Shared by the journal tests: a small plan, temp state directories, and an operator.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Operator } from '../../src/journal/events.js';
import type { LoadedPlanRef } from '../../src/journal/run-store.js';
import { type Plan, PlanSchema } from '../../src/plan/schema.js';
import { canonicalJson, sha256Hex } from '../../src/sys/hash.js';

export const OPERATOR: Operator = {
  user: 'alice',
  host: 'bastion',
  tty: '/dev/pts/3',
  sshClient: '10.0.0.5',
};

export function tempDir(prefix = 'rc-journal-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

export const PLAN_INPUT = {
  id: 'demo',
  title: 'Demo release',
  version: 1,
  language: 'en',
  variables: {
    RELEASE_TAG: { description: 'tag', pattern: 'v[0-9.]+' },
    TOKEN: { description: 't', secret: true },
  },
  phases: [
    {
      id: 'prep',
      title: 'Preparation',
      window: 'T-7..T-1',
      steps: [
        { id: 'freeze', title: 'Freeze', kind: 'manual', items: ['announce', 'lock branch'] },
        { id: 'build', title: 'Build', kind: 'command', run: 'echo build "$RELEASE_TAG"' },
      ],
    },
    {
      id: 'release',
      title: 'Release',
      window: 'T0',
      steps: [
        { id: 'deploy', title: 'Deploy', kind: 'command', run: 'echo deploy' },
        { id: 'smoke', title: 'Smoke', kind: 'gate', run: 'true' },
        { id: 'announce', title: 'Announce', kind: 'message', template: 'Released {{RELEASE_TAG}}' },
      ],
    },
  ],
  rollback: {
    criteria: [{ id: 'errors', text: 'error rate above 1%' }],
    steps: [{ id: 'revert', title: 'Revert', kind: 'command', run: 'echo revert' }],
  },
};

export function makeLoaded(
  input: unknown = PLAN_INPUT,
  file = '/plans/demo.yaml',
): LoadedPlanRef & { text: string } {
  const plan: Plan = PlanSchema.parse(input);
  const text = canonicalJson(input);
  return { plan, path: file, sha256: sha256Hex(text), text };
}
