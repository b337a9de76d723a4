// Canonical JSON and sha256, shared by the plan (step digests), the journal (record checksums)
// and messages. Canonical: object keys sorted (recursively), no whitespace, undefined dropped;
// two writers that agree on this produce the same bytes, so hashes over them are comparable.
import crypto from 'node:crypto';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json | undefined };

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    // JSON.stringify(undefined) is undefined; callers never hash a bare undefined.
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  }
  const entries = Object.keys(value)
    .sort()
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
}

type OneShotHash = (algorithm: string, data: string | Uint8Array) => string;
// crypto.hash (Node ≥ 20.12) is ~3× faster than createHash for short inputs: loading 100,000
// journal lines hashes each one.
const oneShot = (crypto as unknown as { hash?: OneShotHash }).hash;

export function sha256Hex(text: string | Uint8Array): string {
  return oneShot ? oneShot('sha256', text) : crypto.createHash('sha256').update(text).digest('hex');
}
