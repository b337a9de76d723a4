// The header's lock segment in watch mode: who holds the run, or that it is free.
import { describe, expect, it } from 'vitest';
import { strings } from '../../src/ui/i18n/index.js';
import { buildHeader, headerModel } from '../../src/ui/model/header.js';
import { NOW } from './fixtures.js';
import { running, watching } from './scenes.js';

const text = (lines: ReturnType<typeof buildHeader>) =>
  lines.map((line) => line.map((s) => s.text).join('')).join('\n');

describe('header lock segment', () => {
  it('names the holder while someone holds the run', () => {
    const header = text(buildHeader(headerModel(watching().view(), NOW), strings('en'), 120));
    expect(header).toContain('watching — held by bob@');
  });

  it('says the run is free when the holder left, never "held by ?"', () => {
    const view = running({ mode: 'watch', lock: null }).view();
    for (const lang of ['en', 'ru'] as const) {
      const header = text(buildHeader(headerModel(view, NOW), strings(lang), 120));
      expect(header).not.toContain('?');
      expect(header).toMatch(lang === 'en' ? /lock free/ : /блокировка свободна/);
    }
  });
});
