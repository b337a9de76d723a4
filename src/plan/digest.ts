// Fingerprints of steps, recorded when a run starts and when an attempt starts, so a plan
// edited mid-release can say which steps changed and whether what they run changed.
import { createHash } from 'node:crypto';
import type { Step } from './schema.js';

/** JSON with object keys sorted and undefined dropped: equal definitions, equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value))
    return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`);
  return `{${entries.join(',')}}`;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** sha256 of the step's whole definition (titles and descriptions included). */
export function stepDigest(step: Step): string {
  return sha256(canonicalJson(step));
}

/**
 * sha256 of what the step would execute: for command and gate steps run, cwd, env and hosts;
 * for a message step its send command; other kinds execute nothing (a constant digest).
 */
export function commandDigest(step: Step): string {
  switch (step.kind) {
    case 'command':
    case 'gate':
      return sha256(
        canonicalJson({ kind: 'exec', run: step.run, cwd: step.cwd, env: step.env, hosts: step.hosts }),
      );
    case 'message':
      return sha256(canonicalJson({ kind: 'send', send: step.send }));
    default:
      return sha256(canonicalJson({ kind: 'none' }));
  }
}

/** stepDigest of every step in the plan, keyed by step id (for run.created / plan.changed). */
export function stepDigests(steps: readonly Step[]): Record<string, string> {
  return Object.fromEntries(steps.map((step) => [step.id, stepDigest(step)]));
}
