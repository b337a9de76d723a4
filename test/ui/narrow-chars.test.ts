// The characters text.ts and the bundle's string-width treat as one column without measuring:
// string-width itself (unpatched, from node_modules) must agree, one by one and in any mix.
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { NARROW_CLASS, NARROW_TEXT } from '../../src/ui/narrow-chars.js';
import { displayWidth } from '../../src/ui/text.js';

function charactersOf(narrowClass: string): string[] {
  const chars: string[] = [];
  const ranges = new RegExp(`^[${narrowClass}]$`, 'u');
  for (let code = 0; code <= 0xffff; code++) {
    const char = String.fromCharCode(code);
    if (ranges.test(char)) chars.push(char);
  }
  return chars;
}

describe('narrow characters', () => {
  const chars = charactersOf(NARROW_CLASS);

  it('are each one column wide as string-width measures them', () => {
    expect(chars.length).toBeGreaterThan(1000);
    const wrong = chars.filter((char) => stringWidth(char) !== 1);
    expect(wrong.map((char) => char.codePointAt(0)?.toString(16))).toEqual([]);
  });

  it('never join: any mix of them is as wide as it is long', () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let n = 0; n < 2000; n++) {
      const text = Array.from({ length: 1 + (next() % 12) }, () => chars[next() % chars.length]).join('');
      expect(NARROW_TEXT.test(text)).toBe(true);
      expect(stringWidth(text), JSON.stringify(text)).toBe(text.length);
    }
  });

  it('include the cockpit’s own glyphs; emoji, wide and zero-width text is still measured', () => {
    expect(NARROW_TEXT.test('› ✔ ✘ ⚠ ⚑ ─│┄ █░ ↑↓ … — «шаг» №')).toBe(true);
    for (const measured of ['⚠️', '😀', '漢字', 'e\u0301', 'a\u200db', '\u00ad', '◽'])
      expect(NARROW_TEXT.test(measured), measured).toBe(false);
    expect(displayWidth('漢字 ✔')).toBe(6);
  });
});
