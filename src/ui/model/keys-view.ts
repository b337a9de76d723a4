// The footer, the help overlay and the README's key table, all generated from the one bindings
// table (ui/keys.ts).
import { en } from '../i18n/en.js';
import type { Strings } from '../i18n/index.js';
import { type ActionId, BINDINGS, type Binding, bindingKeys, keyLabel, type Where } from '../keys.js';
import { displayWidth } from '../text.js';
import { cutLine, type Line, lineWidth, seg } from './line.js';

export interface FooterOptions {
  /** Where keys are looked up now, innermost first (as the screen reads them). */
  places: readonly Where[];
  applies: (action: ActionId) => boolean;
  readOnly: boolean;
  /** Enter's label for the selected step (run, tick, decide, …); the binding's own otherwise. */
  enter?: keyof Strings['short'];
  t: Strings;
  width: number;
}

/** Bindings that apply now, in table order, one per action (writes hidden when read-only). */
export function activeBindings(options: Pick<FooterOptions, 'places' | 'applies' | 'readOnly'>): Binding[] {
  const seen = new Set<ActionId>();
  const out: Binding[] = [];
  for (const where of options.places) {
    for (const binding of BINDINGS) {
      if (binding.where !== where || seen.has(binding.action)) continue;
      seen.add(binding.action);
      if (!binding.short || (binding.writes && options.readOnly) || !options.applies(binding.action))
        continue;
      out.push(binding);
    }
  }
  return out;
}

/** Footer keys by how much an operator needs to see them (lower first); others after. */
const IMPORTANCE: readonly ActionId[] = [
  'enter',
  'cancel',
  'rollback',
  'retry',
  'skip',
  'verify',
  'stopWaiting',
  'note',
  'log',
  'down',
  'tab',
  'hosts',
];

function importance(action: ActionId): number {
  const at = IMPORTANCE.indexOf(action);
  return at === -1 ? IMPORTANCE.length : at;
}

export function buildFooter(options: FooterOptions): Line {
  const { t, width } = options;
  const line: Line = [];
  let used = 0;
  if (options.readOnly) {
    const badge = ` ${t.footer.watch} `;
    line.push(seg(badge, { inverse: true, tone: 'warn', bold: true }), seg(' '));
    used += displayWidth(badge) + 1;
  }
  const items = activeBindings(options);
  const label = (binding: Binding) => {
    const keys = binding.action === 'down' ? '↑↓' : keyLabel(binding.keys[0] ?? '');
    const text =
      binding.action === 'enter' && options.enter ? t.short[options.enter] : (binding.short?.[t.lang] ?? '');
    return { keys, text };
  };
  const widthOf = (binding: Binding) => {
    const { keys, text } = label(binding);
    return displayWidth(`${keys} ${text}`) + 2;
  };
  // Help and quit always show: the rest fills the room left before them.
  const global = items.filter((b) => b.where === 'global');
  const reserved = global.reduce((sum, b) => sum + widthOf(b), 0);
  const shown = new Set<Binding>(global);
  // Most important first (a narrow terminal drops navigation before rollback); shown in table order.
  const byImportance = items
    .filter((b) => b.where !== 'global')
    .map((binding, order) => ({ binding, order }))
    .sort((a, b) => importance(a.binding.action) - importance(b.binding.action) || a.order - b.order);
  for (const { binding } of byImportance) {
    const w = widthOf(binding);
    if (used + w + reserved > width) continue;
    shown.add(binding);
    used += w;
  }
  for (const binding of items.filter((b) => shown.has(b))) {
    const { keys, text } = label(binding);
    line.push(seg(keys, { bold: true, tone: 'accent' }), seg(` ${text}  `, { dim: true }));
  }
  return line;
}

/** Bindings of the given places, grouped in that order; a binding already listed is not repeated. */
function groups(places: readonly Where[]): { where: Where; bindings: Binding[] }[] {
  const listed = new Set<string>();
  return places.map((where) => ({
    where,
    bindings: BINDINGS.filter((binding) => {
      if (binding.where !== where) return false;
      const id = `${bindingKeys(binding)}|${binding.help.en}`;
      if (listed.has(id)) return false;
      listed.add(id);
      return true;
    }),
  }));
}

/** The help overlay's lines: every binding of the given places, in two columns when there is room. */
export function buildHelp(places: readonly Where[], t: Strings, width: number): Line[] {
  const entries: Line[] = [];
  for (const { where, bindings } of groups(places)) {
    if (bindings.length === 0) continue;
    entries.push([seg(t.keyGroup[where], { bold: true, tone: 'accent' })]);
    for (const binding of bindings) {
      const keys = bindingKeys(binding);
      const column = keys.length < 11 ? keys.padEnd(11) : `${keys} `;
      entries.push([seg(`  ${column}`, { bold: true }), seg(binding.help[t.lang])]);
    }
  }
  if (width < 76) return entries;
  // Two columns: the left one takes the first half.
  const half = Math.ceil(entries.length / 2);
  const columnWidth = Math.floor(width / 2);
  const left = entries.slice(0, half);
  const right = entries.slice(half);
  const lines: Line[] = [];
  for (let i = 0; i < half; i++) {
    // A text longer than its column is cut with "…" (never silently).
    const cut = cutLine(left[i] ?? [], columnWidth - 1, false);
    const used = lineWidth(cut);
    lines.push([...cut, seg(' '.repeat(Math.max(1, columnWidth - used))), ...(right[i] ?? [])]);
  }
  return lines;
}

/** The help in `height` rows: a title, then the bindings of `places` from `scroll` on. */
export function helpBody(
  places: readonly Where[],
  t: Strings,
  width: number,
  height: number,
  scroll: number,
): Line[] {
  const help = buildHelp(places, t, width);
  const title: Line = [seg(`${t.help.title} — ${t.help.close}`, { bold: true, tone: 'accent' })];
  const start = Math.min(scroll, Math.max(0, help.length - (height - 1)));
  return [title, ...help.slice(start, start + height - 1)];
}

/** Every place, in the order the README's table lists them. */
export const ALL_PLACES: readonly Where[] = [
  'global',
  'start',
  'start:resume',
  'main',
  'pane:steps',
  'pane:output',
  'pane:log',
  'pane:search',
  'dialog:help',
  'dialog:confirm',
  'dialog:leave',
  'dialog:choice',
  'form',
];

/** The README's key table (Markdown, English), every binding once. */
export function keysMarkdown(): string {
  const rows = ['| Where | Key | Does |', '|---|---|---|'];
  for (const where of ALL_PLACES) {
    BINDINGS.filter((binding) => binding.where === where).forEach((binding, i) => {
      const does = binding.details ? `${binding.help.en} — ${binding.details}` : binding.help.en;
      rows.push(`| ${i === 0 ? en.keyGroup[where] : ''} | ${bindingKeys(binding)} | ${does} |`);
    });
  }
  return rows.join('\n');
}
