// The pure pieces: text width and cutting, the text field, time labels, keys, footer, help.
import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../src/report/format.js';
import { gapLine } from '../../src/session/types.js';
import { editText, emptyField, typeChars } from '../../src/ui/dialogs/text-edit.js';
import { pickLang, strings } from '../../src/ui/i18n/index.js';
import { BINDINGS, keyName } from '../../src/ui/keys.js';
import { MAIN_HELP } from '../../src/ui/main/state.js';
import { buildFooter, buildHelp } from '../../src/ui/model/keys-view.js';
import { windowStart } from '../../src/ui/model/outline.js';
import { buildOutput, scrollToLine, searchMatches } from '../../src/ui/model/output.js';
import { dayFromT0, dueMark, parseT0, positionLabel, windowContains } from '../../src/ui/model/time.js';
import { charName, NO_KEY } from '../../src/ui/router.js';
import { cutToWidth, displayWidth, fitWidth, wrapPlain } from '../../src/ui/text.js';
import { colorFromEnv } from '../../src/ui/theme.js';

const t = strings('en');

describe('text', () => {
  it('measures Cyrillic as one column and CJK as two, ignoring SGR', () => {
    expect(displayWidth('Релиз')).toBe(5);
    expect(displayWidth('发布')).toBe(4);
    expect(displayWidth('\x1b[31mred\x1b[0m')).toBe(3);
    // Emoji take two columns, a combining accent none.
    expect(displayWidth('✅ 🚀')).toBe(5);
    expect(displayWidth('Cafe\u0301')).toBe(4);
  });

  it('cuts to a width keeping colours and closing them, never splitting a wide character', () => {
    expect(cutToWidth('\x1b[32mOK done\x1b[0m', 2)).toBe('\x1b[32mOK\x1b[39m');
    expect(cutToWidth('Применить миграции', 9, { ellipsis: true })).toBe('Применит…');
    expect(cutToWidth('发布发布', 3)).toBe('发');
    expect(cutToWidth('a发布', 3, { ellipsis: true })).toBe('a…');
    expect(cutToWidth('🚀🚀🚀', 5)).toBe('🚀🚀');
    expect(cutToWidth('Cafe\u0301 au lait', 5)).toBe('Cafe\u0301 ');
    expect(cutToWidth('\x1b[32mOK\x1b[0m', 10, { color: false })).toBe('OK');
    expect(cutToWidth('plain text', 5, { ellipsis: true })).toBe('plai…');
  });

  it('pads to exactly the width, wide characters counted', () => {
    expect(displayWidth(fitWidth('发布 ✅ release', 9))).toBe(9);
    expect(fitWidth('ok', 4)).toBe('ok  ');
  });

  it('wraps words and cuts words longer than the width', () => {
    expect(wrapPlain('one two three', 7)).toEqual(['one two', 'three']);
    expect(wrapPlain('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapPlain('发布发布发布', 5)).toEqual(['发布', '发布', '发布']);
    expect(wrapPlain('Déploiement ✅ terminé', 14)).toEqual(['Déploiement ✅', 'terminé']);
  });
});

describe('text field', () => {
  it('takes \\x7f and \\b as Backspace, Ctrl-U clears', () => {
    let field = emptyField('abc');
    field = editText(field, 'backspace', '').field;
    expect(field.value).toBe('ab');
    expect(typeChars('abc', 'd\x7f\x7fx')).toBe('abx');
    expect(typeChars('abc', '\b')).toBe('ab');
    expect(editText(field, 'C-u', 'u').field.value).toBe('');
  });

  it('keeps a paste whole, turns newlines inside into spaces, drops control characters', () => {
    expect(editText(emptyField(), 'x', 'a\x01b\tc').field.value).toBe('ab c');
    const chunk = editText(emptyField(), 'v2.0.0\r', 'v2.0.0\r');
    expect(chunk).toEqual({ field: { value: 'v2.0.0', armed: false }, action: 'submit' });
  });

  it('a bare Esc arms with text and cancels on the second', () => {
    const first = editText(emptyField('note'), 'esc', '');
    expect(first.action).toBe('none');
    expect(first.field).toEqual({ value: 'note', armed: true });
    expect(editText(first.field, 'esc', '').action).toBe('cancel');
    expect(editText(editText(first.field, 'x', 'x').field, 'esc', '').action).toBe('none');
    expect(editText(emptyField(), 'esc', '').action).toBe('cancel');
  });

  it('arrows do not type', () => {
    expect(editText(emptyField('a'), 'up', '').field.value).toBe('a');
  });
});

describe('time', () => {
  const t0 = parseT0('2026-12-04T22:00+03:00')!;
  it('counts days in T0’s zone with a real minus sign', () => {
    expect(dayFromT0(new Date('2026-12-01T12:00:00Z'), t0)).toBe(-3);
    expect(positionLabel(new Date('2026-12-01T12:00:00Z'), t0, t.header)).toBe('T−3');
    expect(positionLabel(new Date('2026-12-06T12:00:00Z'), t0, t.header)).toBe('T+2');
    // 21:30 UTC on Dec 3 is 00:30 on Dec 4 in +03:00: T0's day.
    expect(positionLabel(new Date('2026-12-03T21:30:00Z'), t0, t.header)).toBe('T0 in 21:30:00');
    expect(positionLabel(new Date('2026-12-04T20:15:00Z'), t0, t.header)).toBe('T0 +01:15:00');
  });

  it('marks due steps and current windows', () => {
    expect(dueMark('T-3', -3, false)).toBe('today');
    expect(dueMark('T-7', -3, false)).toBe('overdue');
    expect(dueMark('T-7', -3, true)).toBeNull();
    expect(dueMark('T0-2h', 0, false)).toBe('today');
    // Without a due day, the phase's window: overdue once it ended unfinished (as agenda counts).
    expect(dueMark(undefined, 6, false, 'T-7..T-1')).toBe('overdue');
    expect(dueMark(undefined, -1, false, 'T-7..T-1')).toBeNull();
    expect(dueMark(undefined, 6, true, 'T-7..T-1')).toBeNull();
    expect(dueMark(undefined, 1, false, 'T0')).toBe('overdue');
    expect(dueMark(undefined, 1, false, null)).toBeNull();
    expect(windowContains('T-7..T-1', -3)).toBe(true);
    expect(windowContains('T+1..T+7', -3)).toBe(false);
  });

  it('formats durations', () => {
    expect(formatDuration(850)).toBe('850ms');
    expect(formatDuration(250_000)).toBe('4m 10s');
    // One format for the screens, status and the report: seconds counted down, days after 24 h.
    expect(formatDuration(59_600)).toBe('59s');
    expect(formatDuration(30 * 3_600_000)).toBe('1d 6h');
    expect(formatDuration(null)).toBe('');
    expect(formatDuration(3_720_000)).toBe('1h 02m');
  });
});

describe('keys', () => {
  it('names keys as ink 6.8 reports them (Backspace arrives as delete)', () => {
    expect(keyName('', { ...NO_KEY, delete: true })).toBe('backspace');
    expect(keyName('c', { ...NO_KEY, ctrl: true })).toBe('C-c');
    expect(keyName('', { ...NO_KEY, pageUp: true })).toBe('pgup');
    expect(keyName('R', { ...NO_KEY, shift: true })).toBe('R');
    expect(charName('\r')).toBe('enter');
    expect(charName('\x7f')).toBe('backspace');
    expect(charName('\x03')).toBe('C-c');
  });

  it('no key is bound twice in one place', () => {
    const seen = new Set<string>();
    for (const binding of BINDINGS) {
      for (const key of binding.keys) {
        const id = `${binding.where}:${key}`;
        expect(seen.has(id), id).toBe(false);
        seen.add(id);
      }
    }
  });

  it('the footer shows only what applies, hides writes when read-only, and always help and quit', () => {
    const text = (line: ReturnType<typeof buildFooter>) => line.map((s) => s.text).join('');
    const all = text(
      buildFooter({
        places: ['pane:steps', 'main', 'global'],
        applies: () => true,
        readOnly: false,
        t,
        width: 200,
      }),
    );
    expect(all).toContain('c cancel');
    const narrow = text(
      buildFooter({
        places: ['pane:steps', 'main', 'global'],
        applies: () => true,
        readOnly: false,
        t,
        width: 60,
      }),
    );
    expect(narrow).toContain('? help');
    expect(narrow).toContain('q quit');
    const watch = text(
      buildFooter({
        places: ['pane:steps', 'main', 'global'],
        applies: () => true,
        readOnly: true,
        t,
        width: 200,
      }),
    );
    expect(watch).toContain('WATCH');
    expect(watch).not.toContain('c cancel');
    expect(watch).toContain('l log');
    const none = text(
      buildFooter({
        places: ['pane:steps', 'main', 'global'],
        applies: (a) => a !== 'cancel',
        readOnly: false,
        t,
        width: 200,
      }),
    );
    expect(none).not.toContain('cancel');
  });

  it('help lists every binding of the main screen in both languages', () => {
    for (const lang of ['en', 'ru'] as const) {
      const s = strings(lang);
      const help = buildHelp(MAIN_HELP, s, 60)
        .map((line) => line.map((seg) => seg.text).join(''))
        .join('\n');
      for (const binding of BINDINGS.filter((b) => b.where === 'main' || b.where === 'global')) {
        expect(help).toContain(binding.help[lang]);
      }
    }
  });

  it('every key the table binds has help text in both languages', () => {
    for (const binding of BINDINGS) {
      expect(binding.help.en, binding.action).not.toBe('');
      expect(binding.help.ru, binding.action).not.toBe('');
      if (binding.short) expect(binding.short.ru, binding.action).not.toBe('');
    }
  });
});

describe('language and colour', () => {
  it('--lang wins, then LC_ALL / LANG starting with ru', () => {
    expect(pickLang('ru', { LANG: 'en_US.UTF-8' })).toBe('ru');
    expect(pickLang(undefined, { LANG: 'ru_RU.UTF-8' })).toBe('ru');
    expect(pickLang(undefined, { LC_ALL: 'en_US.UTF-8', LANG: 'ru_RU.UTF-8' })).toBe('en');
    expect(pickLang(undefined, {})).toBe('en');
  });

  it('NO_COLOR turns colour off', () => {
    expect(colorFromEnv({ NO_COLOR: '1' })).toBe(false);
    expect(colorFromEnv({})).toBe(true);
  });

  it('Russian strings cover every English key', () => {
    const walk = (a: object, b: object, path: string) => {
      for (const key of Object.keys(a)) {
        expect(Object.hasOwn(b, key), `${path}.${key}`).toBe(true);
      }
    };
    walk(strings('en'), strings('ru'), 't');
    walk(strings('en').keyGroup, strings('ru').keyGroup, 'keyGroup');
    walk(strings('en').short, strings('ru').short, 'short');
  });
});

describe('windows and search', () => {
  it('keeps the selection visible with a margin', () => {
    expect(windowStart(1000, 0, 10, 0)).toBe(0);
    expect(windowStart(1000, 9, 10, 0)).toBe(2);
    expect(windowStart(1000, 999, 10, 0)).toBe(990);
    expect(windowStart(5, 4, 10, 0)).toBe(0);
  });

  it('finds matches ignoring colours and centres them', () => {
    expect(searchMatches(['a', '\x1b[31mErr\x1b[0mor', 'error'], 'error')).toEqual([1, 2]);
    expect(scrollToLine(100, 10, 10)).toBe(84);
  });

  it('words a gap the tail jumped over in the language of the UI', () => {
    const pane = (lang: 'en' | 'ru') =>
      buildOutput({
        label: 'attempt 1',
        lines: {
          total: 3,
          range: (start, end) => ['before', gapLine(5 * 1024 * 1024), 'after'].slice(start, end),
          all: () => [],
        },
        bytes: 6 * 1024 * 1024,
        scroll: 0,
        height: 5,
        width: 200,
        focused: false,
        hosts: [],
        search: null,
        empty: '',
        t: strings(lang),
      }).map((line) => line.map((s) => s.text).join(''));
    expect(pane('en').slice(1, 4)).toEqual([
      'before',
      '┄┄ 5.0 MB of earlier output not shown: the pane keeps the last lines, the log file all of it ┄┄',
      'after',
    ]);
    expect(pane('ru')[2]).toContain('5.0 MB более раннего вывода не показано');
  });
});
