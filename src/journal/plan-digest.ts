// Step digests for change detection. Interim local version (sha256 of canonical JSON) until
// src/plan/digest.ts lands; the journal only compares digests it computed itself, so the
// switch is a plan.changed at most.

import { listSteps } from '../plan/outline.js';
import type { Plan, Step } from '../plan/schema.js';
import { canonicalJson, sha256Hex } from './canonical.js';

/** The whole step definition. */
export function stepDigest(step: Step): string {
  return sha256Hex(canonicalJson(step));
}

/** What the step executes: its command (and where/how), message text, or checklist. */
export function commandDigest(step: Step): string {
  switch (step.kind) {
    case 'command':
    case 'gate':
      return sha256Hex(canonicalJson({ run: step.run, cwd: step.cwd, env: step.env, hosts: step.hosts }));
    case 'message':
      return sha256Hex(canonicalJson({ template: step.template, send: step.send }));
    default:
      return stepDigest(step);
  }
}

export function planStepDigests(plan: Plan): Record<string, string> {
  const digests: Record<string, string> = {};
  for (const ref of listSteps(plan)) digests[ref.step.id] = stepDigest(ref.step);
  return digests;
}
