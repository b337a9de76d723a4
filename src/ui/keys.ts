// Every key binding of the cockpit, as data. The router, the footer and the help screen all
// read this one table, so what the help says is what the keys do.
import type { Key } from 'ink';
import type { Strings } from './i18n/index.js';

/** Where a binding applies. The router asks dialog > overlay (help, log) > pane (list, output) > screen > global. */
export type Scope = 'global' | 'main' | 'list' | 'output' | 'log' | 'help' | 'start' | 'resume';

export type ActionId =
  | 'up'
  | 'down'
  | 'enter'
  | 'skip'
  | 'note'
  | 'retry'
  | 'cancel'
  | 'log'
  | 'verify'
  | 'rollback'
  | 'tab'
  | 'help'
  | 'quit'
  | 'ctrlC'
  | 'pageUp'
  | 'pageDown'
  | 'home'
  | 'end'
  | 'search'
  | 'hosts'
  | 'close'
  | 'newRun'
  | 'continue'
  | 'takeLock';

export interface Binding {
  action: ActionId;
  /** Normalised key names (see keyName). */
  keys: string[];
  scope: Scope;
  /** Long description for the help screen. */
  help: keyof Strings['keys'];
  /** Short label for the footer. */
  short: keyof Strings['short'];
  /** Appends to the journal or touches a process: absent in watch mode. */
  writes: boolean;
  /** Shown in the footer when it applies. */
  footer: boolean;
}

export const BINDINGS: readonly Binding[] = [
  // Main screen, whichever pane has focus.
  {
    action: 'enter',
    keys: ['enter'],
    scope: 'main',
    help: 'enter',
    short: 'run',
    writes: true,
    footer: true,
  },
  { action: 'skip', keys: ['s'], scope: 'main', help: 'skip', short: 'skip', writes: true, footer: true },
  { action: 'note', keys: ['n'], scope: 'main', help: 'note', short: 'note', writes: true, footer: true },
  { action: 'retry', keys: ['r'], scope: 'main', help: 'retry', short: 'retry', writes: true, footer: true },
  {
    action: 'cancel',
    keys: ['c'],
    scope: 'main',
    help: 'cancel',
    short: 'cancel',
    writes: true,
    footer: true,
  },
  {
    action: 'verify',
    keys: ['v'],
    scope: 'main',
    help: 'verify',
    short: 'verify',
    writes: true,
    footer: true,
  },
  { action: 'log', keys: ['l'], scope: 'main', help: 'log', short: 'log', writes: false, footer: true },
  // Watch mode only (see applies): reopening for writing, nothing is written by the watch.
  {
    action: 'takeLock',
    keys: ['t'],
    scope: 'main',
    help: 'takeLock',
    short: 'takeLock',
    writes: false,
    footer: true,
  },
  {
    action: 'rollback',
    keys: ['R'],
    scope: 'main',
    help: 'rollback',
    short: 'rollback',
    writes: true,
    footer: true,
  },
  { action: 'tab', keys: ['tab'], scope: 'main', help: 'tab', short: 'tab', writes: false, footer: true },
  {
    action: 'search',
    keys: ['/'],
    scope: 'main',
    help: 'search',
    short: 'search',
    writes: false,
    footer: false,
  },
  { action: 'hosts', keys: ['h'], scope: 'main', help: 'hosts', short: 'hosts', writes: false, footer: true },
  {
    action: 'pageUp',
    keys: ['pgup'],
    scope: 'main',
    help: 'pageUp',
    short: 'scroll',
    writes: false,
    footer: false,
  },
  {
    action: 'pageDown',
    keys: ['pgdn'],
    scope: 'main',
    help: 'pageDown',
    short: 'scroll',
    writes: false,
    footer: false,
  },
  {
    action: 'home',
    keys: ['home'],
    scope: 'main',
    help: 'home',
    short: 'scroll',
    writes: false,
    footer: false,
  },
  { action: 'end', keys: ['end'], scope: 'main', help: 'end', short: 'scroll', writes: false, footer: false },
  // Steps pane.
  { action: 'up', keys: ['up', 'k'], scope: 'list', help: 'up', short: 'move', writes: false, footer: false },
  {
    action: 'down',
    keys: ['down', 'j'],
    scope: 'list',
    help: 'down',
    short: 'move',
    writes: false,
    footer: true,
  },
  // Output pane (and the full-screen log).
  {
    action: 'up',
    keys: ['up', 'k'],
    scope: 'output',
    help: 'lineUp',
    short: 'scroll',
    writes: false,
    footer: false,
  },
  {
    action: 'down',
    keys: ['down', 'j'],
    scope: 'output',
    help: 'lineDown',
    short: 'scroll',
    writes: false,
    footer: true,
  },
  {
    action: 'up',
    keys: ['up', 'k'],
    scope: 'log',
    help: 'lineUp',
    short: 'scroll',
    writes: false,
    footer: false,
  },
  {
    action: 'down',
    keys: ['down', 'j'],
    scope: 'log',
    help: 'lineDown',
    short: 'scroll',
    writes: false,
    footer: true,
  },
  {
    action: 'pageUp',
    keys: ['pgup'],
    scope: 'log',
    help: 'pageUp',
    short: 'scroll',
    writes: false,
    footer: false,
  },
  {
    action: 'pageDown',
    keys: ['pgdn'],
    scope: 'log',
    help: 'pageDown',
    short: 'scroll',
    writes: false,
    footer: false,
  },
  {
    action: 'home',
    keys: ['home'],
    scope: 'log',
    help: 'home',
    short: 'scroll',
    writes: false,
    footer: false,
  },
  { action: 'end', keys: ['end'], scope: 'log', help: 'end', short: 'scroll', writes: false, footer: false },
  {
    action: 'search',
    keys: ['/'],
    scope: 'log',
    help: 'search',
    short: 'search',
    writes: false,
    footer: true,
  },
  { action: 'hosts', keys: ['h'], scope: 'log', help: 'hosts', short: 'hosts', writes: false, footer: true },
  {
    action: 'close',
    keys: ['esc', 'l'],
    scope: 'log',
    help: 'close',
    short: 'close',
    writes: false,
    footer: true,
  },
  // Help overlay.
  {
    action: 'close',
    keys: ['esc', '?', 'q'],
    scope: 'help',
    help: 'close',
    short: 'close',
    writes: false,
    footer: true,
  },
  // Start screen and resume summary.
  {
    action: 'up',
    keys: ['up', 'k'],
    scope: 'start',
    help: 'up',
    short: 'move',
    writes: false,
    footer: false,
  },
  {
    action: 'down',
    keys: ['down', 'j'],
    scope: 'start',
    help: 'down',
    short: 'move',
    writes: false,
    footer: true,
  },
  {
    action: 'enter',
    keys: ['enter'],
    scope: 'start',
    help: 'open',
    short: 'open',
    writes: false,
    footer: true,
  },
  {
    action: 'newRun',
    keys: ['n'],
    scope: 'start',
    help: 'newRun',
    short: 'newRun',
    writes: true,
    footer: true,
  },
  {
    action: 'continue',
    keys: ['enter'],
    scope: 'resume',
    help: 'continue',
    short: 'continue',
    writes: false,
    footer: true,
  },
  {
    action: 'takeLock',
    keys: ['t'],
    scope: 'resume',
    help: 'takeLock',
    short: 'takeLock',
    writes: false,
    footer: true,
  },
  // Everywhere.
  { action: 'help', keys: ['?'], scope: 'global', help: 'help', short: 'help', writes: false, footer: true },
  { action: 'quit', keys: ['q'], scope: 'global', help: 'quit', short: 'quit', writes: false, footer: true },
  {
    action: 'ctrlC',
    keys: ['C-c'],
    scope: 'global',
    help: 'ctrlC',
    short: 'quit',
    writes: false,
    footer: false,
  },
];

/** One name per key press: 'up', 'enter', 'esc', 'tab', 'S-tab', 'pgup', 'backspace', 'C-c', or the character. */
export function keyName(input: string, key: Key): string {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pgup';
  if (key.pageDown) return 'pgdn';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'enter';
  if (key.tab) return key.shift ? 'S-tab' : 'tab';
  // ink 6.8 reports the Backspace key (\x7f) as `delete`; \b as `backspace`.
  if (key.backspace || key.delete) return 'backspace';
  if (key.escape) return 'esc';
  if (key.ctrl && input.length === 1) return `C-${input.toLowerCase()}`;
  return input;
}

/** The binding for a key in the given scopes, first scope first. */
export function findBinding(scopes: readonly Scope[], name: string): Binding | undefined {
  for (const scope of scopes) {
    const binding = BINDINGS.find((b) => b.scope === scope && b.keys.includes(name));
    if (binding) return binding;
  }
  return undefined;
}

const KEY_LABEL: Record<string, string> = {
  up: '↑',
  down: '↓',
  enter: 'Enter',
  esc: 'Esc',
  tab: 'Tab',
  pgup: 'PgUp',
  pgdn: 'PgDn',
  home: 'Home',
  end: 'End',
  'C-c': 'Ctrl-C',
};

export function keyLabel(name: string): string {
  return KEY_LABEL[name] ?? name;
}

/** All keys of a binding for the help screen: "↑/k". */
export function bindingKeys(binding: Binding): string {
  return binding.keys.map(keyLabel).join('/');
}
