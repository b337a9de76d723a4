import { describe, expect, it } from 'vitest';
import { commandDigest, stepDigest } from '../../src/plan/digest.js';
import type { CommandStep, MessageStep, Step } from '../../src/plan/schema.js';
import { didYouMean, editDistance, suggest } from '../../src/plan/suggest.js';
import { canonicalJson } from '../../src/sys/hash.js';

describe('suggest', () => {
  const stepKeys = [
    'id',
    'title',
    'description',
    'owner',
    'kind',
    'run',
    'cwd',
    'env',
    'hosts',
    'timeout',
    'retries',
  ];

  it('counts insertions, deletions, substitutions and swaps of neighbours as one edit', () => {
    expect(editDistance('run', 'run')).toBe(0);
    expect(editDistance('rn', 'run')).toBe(1);
    expect(editDistance('runn', 'run')).toBe(1);
    expect(editDistance('ran', 'run')).toBe(1);
    expect(editDistance('rnu', 'run')).toBe(1);
    expect(editDistance('RUN', 'run')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('suggests the close key', () => {
    expect(suggest('rnu', stepKeys)).toBe('run');
    expect(suggest('tiemout', stepKeys)).toBe('timeout');
    expect(suggest('retires', stepKeys)).toBe('retries');
    expect(suggest('Title', stepKeys)).toBe('title');
    expect(suggest('descripton', stepKeys)).toBe('description');
    expect(suggest('host', stepKeys)).toBe('hosts');
  });

  it('does not suggest a different word', () => {
    expect(suggest('colour', stepKeys)).toBeUndefined();
    expect(suggest('x', stepKeys)).toBeUndefined();
    expect(suggest('command', stepKeys)).toBeUndefined();
    expect(suggest('run', [])).toBeUndefined();
  });

  it('prefers the closest, then the first listed', () => {
    expect(suggest('tmeout', ['timeout2', 'timeout'])).toBe('timeout');
    expect(suggest('ab', ['ac', 'ad'])).toBe('ac');
  });

  it('phrases the hint', () => {
    expect(didYouMean('phase', ['id', 'phases'])).toBe(' (did you mean "phases"?)');
    expect(didYouMean('zzz', ['id'])).toBe('');
  });
});

describe('digests', () => {
  const step: CommandStep = {
    id: 'migrate',
    kind: 'command',
    title: 'Migrate',
    run: 'python manage.py migrate',
    env: { B: '2', A: '1' },
  };

  it('canonical JSON sorts keys and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: [1, { d: undefined, c: 'x' }] })).toBe('{"a":[1,{"c":"x"}],"b":1}');
  });

  it('a step digest ignores key order but sees every change', () => {
    const reordered = {
      env: { A: '1', B: '2' },
      run: step.run,
      title: 'Migrate',
      kind: 'command',
      id: 'migrate',
    } as Step;
    expect(stepDigest(reordered)).toBe(stepDigest(step));
    expect(stepDigest({ ...step, title: 'Migrate the DB' } as Step)).not.toBe(stepDigest(step));
    expect(stepDigest(step)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a command digest changes with what runs, not with the words around it', () => {
    const retitled = { ...step, title: 'Other', description: 'More words' } as Step;
    expect(commandDigest(retitled)).toBe(commandDigest(step));
    expect(commandDigest({ ...step, run: 'python manage.py migrate --plan' } as Step)).not.toBe(
      commandDigest(step),
    );
    expect(commandDigest({ ...step, cwd: '/srv' } as Step)).not.toBe(commandDigest(step));
    expect(commandDigest({ ...step, env: { A: '1' } } as Step)).not.toBe(commandDigest(step));
    expect(commandDigest({ ...step, hosts: ['web1'] } as Step)).not.toBe(commandDigest(step));
  });

  it('a message digest follows its send command', () => {
    const message: MessageStep = { id: 'm', kind: 'message', title: 'M', template: 'Hi', send: 'mail ops' };
    expect(commandDigest({ ...message, template: 'Hello' })).toBe(commandDigest(message));
    expect(commandDigest({ ...message, send: 'mail all' })).not.toBe(commandDigest(message));
  });
});
