// Ids for imported steps and phases: lower-case ASCII from the title (Cyrillic transliterated),
// short, and unique in the plan (a suffix -2, -3 … when taken).
import { ID_PATTERN } from '../plan/schema.js';

const CYRILLIC: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'i',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'h',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'sch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};

const MAX_WORDS = 5;
const MAX_CHARS = 40;

export function slug(text: string): string {
  const ascii = [...text.toLowerCase()].map((ch) => CYRILLIC[ch] ?? ch).join('');
  const words = ascii
    .replace(/`[^`]*`/g, (code) => code.slice(1, -1))
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .slice(0, MAX_WORDS);
  let out = '';
  for (const word of words) {
    const next = out ? `${out}-${word}` : word;
    if (next.length > MAX_CHARS) break;
    out = next;
  }
  return out || (words[0]?.slice(0, MAX_CHARS) ?? '');
}

export class Ids {
  private readonly taken: Set<string>;

  constructor(reserved: string[] = []) {
    this.taken = new Set(reserved);
  }

  /** `base`, or `base-2`, `base-3` … when taken; always a valid id. */
  take(base: string): string {
    const root = ID_PATTERN.test(base) ? base : `x-${base}`.slice(0, 60);
    let id = root;
    for (let n = 2; this.taken.has(id); n++) id = `${root.slice(0, 60)}-${n}`;
    this.taken.add(id);
    return id;
  }
}
