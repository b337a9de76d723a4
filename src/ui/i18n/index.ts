// The interface language: --lang wins, then LC_ALL / LC_MESSAGES / LANG starting with "ru".
import { en, type Strings } from './en.js';
import { ru } from './ru.js';

export type Lang = 'en' | 'ru';
export type { Strings };

export function pickLang(flag: string | undefined, env: NodeJS.ProcessEnv): Lang {
  if (flag) return flag.toLowerCase().startsWith('ru') ? 'ru' : 'en';
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return locale.toLowerCase().startsWith('ru') ? 'ru' : 'en';
}

export function strings(lang: Lang): Strings {
  return lang === 'ru' ? ru : en;
}
