// Every key the cockpit reacts to, as one table of bindings: scope, key, action and help text
// in English and Russian. The screens ask this table what a key means (actionFor); the help
// overlay, the footers and the README's key table are generated from it, so what they say is
// what the keys do. Over 300 lines because it is the table: one row per binding.
//
// Scopes, innermost first as the router asks them: dialog (a modal: a confirmation, a choice,
// the help overlay) > form (a text field: the new-run form, a dialog's field) > pane (the steps,
// the output, the full-screen log, the search field) > main | start (the screen) > global.
// `on` narrows a binding to one place inside its scope.
import type { Key } from 'ink';
import type { Lang } from './i18n/index.js';

export type Scope = 'global' | 'start' | 'main' | 'pane' | 'dialog' | 'form';

/** A place keys are looked up in: a scope, or a scope narrowed to one place in it. */
export type Where =
  | Scope
  | 'start:resume'
  | 'pane:steps'
  | 'pane:output'
  | 'pane:log'
  | 'pane:search'
  | 'dialog:help'
  | 'dialog:confirm'
  | 'dialog:leave'
  | 'dialog:choice';

export type ActionId =
  | 'help'
  | 'quit'
  | 'ctrlC'
  | 'up'
  | 'down'
  | 'open'
  | 'newRun'
  | 'continue'
  | 'takeLock'
  | 'signoff'
  | 'enter'
  | 'skip'
  | 'note'
  | 'retry'
  | 'cancel'
  | 'verify'
  | 'stopWaiting'
  | 'log'
  | 'rollback'
  | 'tab'
  | 'search'
  | 'clearSearch'
  | 'hosts'
  | 'pageUp'
  | 'pageDown'
  | 'home'
  | 'end'
  | 'close'
  | 'keep'
  | 'yes'
  | 'no'
  | 'pick'
  | 'accept'
  | 'discard'
  | 'deleteChar'
  | 'deleteWord'
  | 'clearField';

export type Text = Readonly<Record<Lang, string>>;

export interface Binding {
  where: Where;
  action: ActionId;
  /** Normalised key names (see keyName); the first is the one footers show. */
  keys: readonly string[];
  /** What the help overlay and the README say. */
  help: Text;
  /** More for the README's table (English), where one line of help is too short. */
  details?: string;
  /** The footer's label; absent: never in a footer. */
  short?: Text;
  /** Appends to the journal or touches a process: absent in watch mode. */
  writes?: boolean;
}

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

export const BINDINGS: readonly Binding[] = [
  // Everywhere.
  {
    where: 'global',
    action: 'help',
    keys: ['?'],
    help: { en: 'keys of this screen', ru: 'клавиши этого экрана' },
    details: 'generated from the same table of bindings; Esc closes it',
    short: { en: 'help', ru: 'справка' },
  },
  {
    where: 'global',
    action: 'quit',
    keys: ['q'],
    help: { en: 'leave (steps keep running)', ru: 'выйти (шаги продолжат работу)' },
    details: 'the cockpit says how to come back',
    short: { en: 'quit', ru: 'выход' },
  },
  {
    where: 'global',
    action: 'ctrlC',
    keys: ['C-c'],
    help: { en: 'leave (asks if steps run)', ru: 'выйти (спросит при шагах)' },
    details: 'never stops a step',
  },
  // The start screen: plans and runs.
  { where: 'start', action: 'up', keys: ['up', 'k'], help: { en: 'up', ru: 'вверх' } },
  {
    where: 'start',
    action: 'down',
    keys: ['down', 'j'],
    help: { en: 'down', ru: 'вниз' },
    short: { en: 'move', ru: 'выбор' },
  },
  {
    where: 'start',
    action: 'open',
    keys: ['enter'],
    help: { en: 'open the plan or the run', ru: 'открыть план или прогон' },
    details: 'a plan lists its runs and "+ new run"',
    short: { en: 'open', ru: 'открыть' },
  },
  {
    where: 'start',
    action: 'newRun',
    keys: ['n'],
    help: { en: 'new run of the plan…', ru: 'новый прогон плана…' },
    details: 'its name, then the variables, each checked as you type',
    short: { en: 'new run', ru: 'новый' },
    writes: true,
  },
  // The summary of what happened while no one watched.
  {
    where: 'start:resume',
    action: 'continue',
    keys: ['enter', 'esc', ' '],
    help: { en: 'continue to the main screen', ru: 'перейти к главному экрану' },
    short: { en: 'continue', ru: 'далее' },
  },
  {
    where: 'start:resume',
    action: 'takeLock',
    keys: ['t'],
    help: { en: 'take the lock (watching)', ru: 'взять блокировку' },
    short: { en: 'take lock', ru: 'взять' },
  },
  // The main screen, whichever pane has focus.
  {
    where: 'main',
    action: 'enter',
    keys: ['enter'],
    help: { en: "the step's action…", ru: 'действие шага…' },
    details:
      'run or retry (asks; dangerous steps need their word typed), tick the next checklist item, enter the variable, send the message, mark a note read, decide an unknown outcome (re-run, verify, mark done, mark failed)',
    short: { en: 'run', ru: 'запуск' },
    writes: true,
  },
  {
    where: 'main',
    action: 'skip',
    keys: ['s'],
    help: { en: 'skip the step…', ru: 'пропустить шаг…' },
    details: 'asks a reason',
    short: { en: 'skip', ru: 'пропуск' },
    writes: true,
  },
  {
    where: 'main',
    action: 'note',
    keys: ['n'],
    help: { en: 'note on the step…', ru: 'заметка к шагу…' },
    short: { en: 'note', ru: 'заметка' },
    writes: true,
  },
  {
    where: 'main',
    action: 'retry',
    keys: ['r'],
    help: { en: 'retry a failed step…', ru: 'повторить шаг…' },
    details: 'a failed or cancelled step',
    short: { en: 'retry', ru: 'повтор' },
    writes: true,
  },
  {
    where: 'main',
    action: 'cancel',
    keys: ['c'],
    help: { en: 'cancel the running step…', ru: 'отменить идущий шаг…' },
    details: 'asks; SIGINT → SIGTERM → SIGKILL',
    short: { en: 'cancel', ru: 'отмена' },
    writes: true,
  },
  {
    where: 'main',
    action: 'verify',
    keys: ['v'],
    help: { en: "the step's verify command", ru: 'проверка шага (verify)' },
    short: { en: 'verify', ru: 'проверка' },
    writes: true,
  },
  {
    where: 'main',
    action: 'stopWaiting',
    keys: ['w'],
    help: { en: 'stop waiting for a host…', ru: 'не ждать хост без связи…' },
    details:
      'asks; a running step with hosts unreachable for longer than reconnectFor: their outcome becomes unknown (their commands may still run there), and once the other hosts have ended you decide (verify, mark done, mark failed, re-run)',
    short: { en: 'stop waiting', ru: 'не ждать' },
    writes: true,
  },
  {
    where: 'main',
    action: 'log',
    keys: ['l'],
    help: { en: 'full-screen log', ru: 'весь вывод на экран' },
    details: 'Esc or l closes',
    short: { en: 'log', ru: 'вывод' },
  },
  // In the watch view too: a sign-off goes to the writer's inbox, the writer journals it.
  {
    where: 'main',
    action: 'signoff',
    keys: ['a'],
    help: { en: 'sign off (your role)…', ru: 'подписать (ваша роль)…' },
    details: 'a step waiting for a sign-off by a role your login holds; asks first; also while watching',
    short: { en: 'sign off', ru: 'подписать' },
  },
  // Watch mode only (see step-actions applies): reopens for writing; the watch writes nothing.
  {
    where: 'main',
    action: 'takeLock',
    keys: ['t'],
    help: { en: 'take the lock (watching)', ru: 'взять блокировку' },
    details: 'watching: once its holder has let go or its cockpit is gone (the header says so)',
    short: { en: 'take lock', ru: 'взять' },
  },
  {
    where: 'main',
    action: 'rollback',
    keys: ['R'],
    help: { en: 'roll back the release…', ru: 'откатить релиз…' },
    details: "pick a criterion, type the plan's confirm word",
    short: { en: 'rollback', ru: 'откат' },
    writes: true,
  },
  {
    where: 'main',
    action: 'tab',
    keys: ['tab'],
    help: { en: 'switch pane', ru: 'сменить панель' },
    short: { en: 'pane', ru: 'панель' },
  },
  {
    where: 'main',
    action: 'search',
    keys: ['/'],
    help: { en: 'search the output', ru: 'поиск в выводе' },
    details: '↑/↓ previous/next match, Enter keeps it, Esc clears',
  },
  {
    where: 'main',
    action: 'clearSearch',
    keys: ['esc'],
    help: { en: 'clear a kept search', ru: 'сбросить поиск' },
  },
  {
    where: 'main',
    action: 'hosts',
    keys: ['h'],
    help: { en: "next host's output", ru: 'вывод следующего хоста' },
    details: 'for a multi-host step; after the last, all hosts again',
    short: { en: 'host', ru: 'хост' },
  },
  {
    where: 'main',
    action: 'pageUp',
    keys: ['pgup'],
    help: { en: 'output page up', ru: 'вывод: страница вверх' },
  },
  {
    where: 'main',
    action: 'pageDown',
    keys: ['pgdn'],
    help: { en: 'output page down', ru: 'вывод: страница вниз' },
  },
  { where: 'main', action: 'home', keys: ['home'], help: { en: 'output top', ru: 'вывод: в начало' } },
  {
    where: 'main',
    action: 'end',
    keys: ['end'],
    help: { en: 'output end (follow)', ru: 'вывод: в конец (следить)' },
    details: 'follows the end again',
  },
  // Panes: the steps, the output, the full-screen log, the search field.
  { where: 'pane:steps', action: 'up', keys: ['up', 'k'], help: { en: 'previous step', ru: 'шаг выше' } },
  {
    where: 'pane:steps',
    action: 'down',
    keys: ['down', 'j'],
    help: { en: 'next step', ru: 'шаг ниже' },
    short: { en: 'move', ru: 'выбор' },
  },
  {
    where: 'pane:output',
    action: 'up',
    keys: ['up', 'k'],
    help: { en: 'scroll up', ru: 'прокрутить вверх' },
  },
  {
    where: 'pane:output',
    action: 'down',
    keys: ['down', 'j'],
    help: { en: 'scroll down', ru: 'прокрутить вниз' },
    short: { en: 'scroll', ru: 'прокрутка' },
  },
  { where: 'pane:log', action: 'up', keys: ['up', 'k'], help: { en: 'scroll up', ru: 'прокрутить вверх' } },
  {
    where: 'pane:log',
    action: 'down',
    keys: ['down', 'j'],
    help: { en: 'scroll down', ru: 'прокрутить вниз' },
    short: { en: 'scroll', ru: 'прокрутка' },
  },
  { where: 'pane:log', action: 'pageUp', keys: ['pgup'], help: { en: 'page up', ru: 'страница вверх' } },
  { where: 'pane:log', action: 'pageDown', keys: ['pgdn'], help: { en: 'page down', ru: 'страница вниз' } },
  { where: 'pane:log', action: 'home', keys: ['home'], help: { en: 'top', ru: 'в начало' } },
  { where: 'pane:log', action: 'end', keys: ['end'], help: { en: 'end (follow)', ru: 'в конец (следить)' } },
  {
    where: 'pane:log',
    action: 'search',
    keys: ['/'],
    help: { en: 'search', ru: 'поиск' },
    short: { en: 'search', ru: 'поиск' },
  },
  {
    where: 'pane:log',
    action: 'hosts',
    keys: ['h'],
    help: { en: "next host's output", ru: 'вывод следующего хоста' },
    short: { en: 'host', ru: 'хост' },
  },
  {
    where: 'pane:log',
    action: 'close',
    keys: ['esc', 'l'],
    help: { en: 'back to the main screen', ru: 'назад к главному экрану' },
    short: { en: 'close', ru: 'закрыть' },
  },
  {
    where: 'pane:search',
    action: 'keep',
    keys: ['enter'],
    help: { en: 'keep the search', ru: 'оставить поиск' },
  },
  {
    where: 'pane:search',
    action: 'up',
    keys: ['up'],
    help: { en: 'previous (earlier) match', ru: 'предыдущее совпадение' },
  },
  {
    where: 'pane:search',
    action: 'down',
    keys: ['down'],
    help: { en: 'next match', ru: 'следующее совпадение' },
  },
  {
    where: 'pane:search',
    action: 'clearSearch',
    keys: ['esc', 'C-c'],
    help: { en: 'clear the search', ru: 'сбросить поиск' },
  },
  // Dialogs: the help overlay, a confirmation, leaving with steps running, a choice.
  {
    where: 'dialog:help',
    action: 'close',
    keys: ['esc', '?', 'q'],
    help: { en: 'close the help', ru: 'закрыть справку' },
    short: { en: 'close', ru: 'закрыть' },
  },
  {
    where: 'dialog:help',
    action: 'up',
    keys: ['up', 'k'],
    help: { en: 'scroll up', ru: 'прокрутить вверх' },
  },
  {
    where: 'dialog:help',
    action: 'down',
    keys: ['down', 'j'],
    help: { en: 'scroll down', ru: 'прокрутить вниз' },
    short: { en: 'scroll', ru: 'прокрутка' },
  },
  {
    where: 'dialog:confirm',
    action: 'yes',
    keys: ['enter', 'y', 'Y'],
    help: { en: 'yes, do it', ru: 'да, выполнить' },
  },
  {
    where: 'dialog:confirm',
    action: 'no',
    keys: ['esc', 'n', 'N', 'q', 'C-c'],
    help: { en: 'no, close', ru: 'нет, закрыть' },
  },
  {
    where: 'dialog:leave',
    action: 'yes',
    keys: ['enter', 'y', 'Y', 'C-c'],
    help: { en: 'leave (steps keep running)', ru: 'выйти (шаги продолжат работу)' },
  },
  { where: 'dialog:leave', action: 'no', keys: ['esc', 'n', 'N', 'q'], help: { en: 'stay', ru: 'остаться' } },
  {
    where: 'dialog:choice',
    action: 'up',
    keys: ['up', 'k'],
    help: { en: 'previous choice', ru: 'вариант выше' },
  },
  {
    where: 'dialog:choice',
    action: 'down',
    keys: ['down', 'j'],
    help: { en: 'next choice', ru: 'вариант ниже' },
  },
  {
    where: 'dialog:choice',
    action: 'pick',
    keys: DIGITS,
    help: { en: 'pick the numbered criterion', ru: 'выбрать критерий по номеру' },
  },
  { where: 'dialog:choice', action: 'accept', keys: ['enter'], help: { en: 'choose', ru: 'выбрать' } },
  { where: 'dialog:choice', action: 'no', keys: ['esc', 'q', 'C-c'], help: { en: 'cancel', ru: 'отмена' } },
  // A text field: the new-run form, the variables a run still needs, a dialog's field.
  {
    where: 'form',
    action: 'accept',
    keys: ['enter'],
    help: { en: 'accept', ru: 'принять' },
  },
  {
    where: 'form',
    action: 'discard',
    keys: ['esc'],
    help: { en: 'cancel / back (twice: text)', ru: 'отмена / назад (дважды: текст)' },
    details:
      'in a form, back to the previous field; with text typed the first Esc only warns and a second discards it (a lone Esc on a slow link can be half of an arrow key)',
  },
  { where: 'form', action: 'no', keys: ['C-c'], help: { en: 'cancel at once', ru: 'отменить сразу' } },
  {
    where: 'form',
    action: 'deleteChar',
    keys: ['backspace'],
    help: { en: 'delete a character', ru: 'удалить символ' },
  },
  { where: 'form', action: 'deleteWord', keys: ['C-w'], help: { en: 'delete a word', ru: 'удалить слово' } },
  {
    where: 'form',
    action: 'clearField',
    keys: ['C-u'],
    help: { en: 'clear the field', ru: 'очистить поле' },
    details: 'pasting works; ? and q are typed as text here',
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

/** The binding for a key in the given places, first place first. */
export function findBinding(places: readonly Where[], name: string): Binding | undefined {
  for (const where of places) {
    const binding = BINDINGS.find((b) => b.where === where && b.keys.includes(name));
    if (binding) return binding;
  }
  return undefined;
}

/** What a key does in the given places, or null: how every screen reads a key. */
export function actionFor(places: readonly Where[], name: string): ActionId | null {
  return findBinding(places, name)?.action ?? null;
}

export function scopeOf(where: Where): Scope {
  return where.split(':')[0] as Scope;
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
  backspace: 'Backspace',
  ' ': 'Space',
  'C-c': 'Ctrl-C',
  'C-u': 'Ctrl-U',
  'C-w': 'Ctrl-W',
};

export function keyLabel(name: string): string {
  return KEY_LABEL[name] ?? name;
}

/** The key the footer shows for an action in a place (its binding's first key), for text that names it. */
export function keyFor(action: ActionId, where: Where = 'main'): string {
  const binding = BINDINGS.find((b) => b.where === where && b.action === action);
  if (!binding?.keys[0]) throw new Error(`no key for ${action} in ${where}`);
  return keyLabel(binding.keys[0]);
}

/** All keys of a binding for the help screen: "↑/k"; a run of digits as "1…9". */
export function bindingKeys(binding: Binding): string {
  if (binding.keys === DIGITS) return '1…9';
  return binding.keys.map(keyLabel).join('/');
}
