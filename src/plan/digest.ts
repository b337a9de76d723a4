// Fingerprints of steps, recorded when a run starts and when an attempt starts, so a plan
// edited mid-release can say which steps changed and whether what they run changed.
import { canonicalJson, sha256Hex as sha256 } from '../sys/hash.js';
import type { Step } from './schema.js';

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
