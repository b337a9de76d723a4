// The footer and the help screen, both generated from the one bindings table.
import type { Strings } from '../i18n/index.js';
import { type ActionId, BINDINGS, type Binding, bindingKeys, keyLabel, type Scope } from '../keys.js';
import { displayWidth } from '../text.js';
import { cutLine, type Line, lineWidth, seg } from './line.js';

export interface FooterOptions {
  scopes: readonly Scope[];
  applies: (action: ActionId) => boolean;
  readOnly: boolean;
  /** Per-action short label overrides (Enter says "run", "tick", "decide", …). */
  labels?: Partial<Record<ActionId, keyof Strings['short']>>;
  t: Strings;
  width: number;
}

/** Bindings that apply now, in table order, one per action (writes hidden when read-only). */
export function activeBindings(options: Omit<FooterOptions, 't' | 'width' | 'labels'>): Binding[] {
  const seen = new Set<ActionId>();
  const out: Binding[] = [];
  for (const scope of options.scopes) {
    for (const binding of BINDINGS) {
      if (binding.scope !== scope || seen.has(binding.action)) continue;
      seen.add(binding.action);
      if (!binding.footer || (binding.writes && options.readOnly) || !options.applies(binding.action))
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
    return { keys, text: t.short[options.labels?.[binding.action] ?? binding.short] };
  };
  const widthOf = (binding: Binding) => {
    const { keys, text } = label(binding);
    return displayWidth(`${keys} ${text}`) + 2;
  };
  // Help and quit always show: the rest fills the room left before them.
  const global = items.filter((b) => b.scope === 'global');
  const reserved = global.reduce((sum, b) => sum + widthOf(b), 0);
  const shown = new Set<Binding>(global);
  // Most important first (a narrow terminal drops navigation before rollback); shown in table order.
  const byImportance = items
    .filter((b) => b.scope !== 'global')
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

const HELP_GROUPS: readonly Scope[] = ['global', 'main', 'list', 'output', 'log', 'start', 'resume'];

/** The help screen's lines: every binding of the given groups, then the dialog keys. */
export function buildHelp(groups: readonly Scope[], t: Strings, width: number): Line[] {
  const entries: Line[] = [];
  const shownInMain = new Set(BINDINGS.filter((b) => b.scope === 'main').map((b) => b.action));
  for (const scope of HELP_GROUPS.filter((g) => groups.includes(g))) {
    entries.push([seg(t.keyGroup[scope] ?? scope, { bold: true, tone: 'accent' })]);
    for (const binding of BINDINGS.filter((b) => b.scope === scope)) {
      if (scope === 'log' && shownInMain.has(binding.action) && groups.includes('main')) continue;
      entries.push([seg(`  ${bindingKeys(binding).padEnd(11)}`, { bold: true }), seg(t.keys[binding.help])]);
    }
  }
  entries.push([seg(t.keyGroup.dialog ?? 'dialog', { bold: true, tone: 'accent' })]);
  for (const [keys, text] of t.dialogKeys)
    entries.push([seg(`  ${keys.padEnd(11)}`, { bold: true }), seg(text)]);
  if (width < 76) return entries;
  // Two columns: split at a group boundary near the middle.
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
