// The one useInput of the app. Components register handlers on a layer; each key goes to the
// layers in priority order (dialog > overlay > pane > screen > global) and stops at the first
// handler that takes it. ink calls every active useInput for every key, so having several
// would make a dialog's Enter also run the selected step.
//
// Keys are handled one per macrotask (a timer: React renders on setImmediate first), so each sees the screen the previous one produced: on a
// slow link "j" and Enter arrive in one chunk, and Enter must open the row "j" moved to. A
// chunk of several characters is split into keys unless a dialog (a text field) is open, which
// gets the rest of the chunk as typed or pasted text.
import { type Key, useInput } from 'ink';
import {
  createContext,
  type ReactElement,
  type ReactNode,
  useCallback,
  useContext,
  useLayoutEffect,
  useMemo,
  useRef,
} from 'react';
import { keyName } from './keys.js';

export type Layer = 'dialog' | 'overlay' | 'pane' | 'screen' | 'global';
const ORDER: readonly Layer[] = ['dialog', 'overlay', 'pane', 'screen', 'global'];

/** Returns true when it took the key. */
export type KeyHandler = (name: string, input: string, key: Key) => boolean;

interface Registry {
  add(layer: Layer, handler: { current: KeyHandler }): () => void;
  /** A handler was re-rendered (its closure now sees the latest state). */
  rendered(): void;
  /**
   * While a screen loads (a run opening), keys wait in the queue and go, in order, to the screen
   * that appears when released; only Ctrl-C is answered at once (to give up waiting).
   */
  hold(on: boolean): void;
}

const RouterContext = createContext<Registry | null>(null);

export const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

/** The key name of one character taken from a chunk. */
export function charName(char: string): string {
  if (char === '\r' || char === '\n') return 'enter';
  if (char === '\x7f' || char === '\b') return 'backspace';
  if (char === '\t') return 'tab';
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x20) return `C-${String.fromCharCode(code + 96)}`;
  return char;
}

interface Pending {
  name: string;
  input: string;
  key: Key;
  /** Several typed/pasted characters, split into keys unless a dialog takes them whole. */
  chunk: boolean;
}

export function KeyRouter({ children }: { children: ReactNode }): ReactElement {
  const layers = useRef(new Map<Layer, { current: KeyHandler }[]>());
  const queue = useRef<Pending[]>([]);
  const draining = useRef(false);
  const generation = useRef(0);
  const held = useRef(false);
  const resume = useRef(() => {});
  const registry = useMemo<Registry>(
    () => ({
      rendered() {
        generation.current++;
      },
      hold(on) {
        held.current = on;
        if (!on && queue.current.length > 0 && !draining.current) {
          draining.current = true;
          // The next turn: the screen that appeared has registered its handlers by then.
          setTimeout(() => resume.current(), 0);
        }
      },
      add(layer, handler) {
        layers.current.set(layer, [...(layers.current.get(layer) ?? []), handler]);
        return () => {
          layers.current.set(
            layer,
            (layers.current.get(layer) ?? []).filter((h) => h !== handler),
          );
        };
      },
    }),
    [],
  );

  const deliver = (name: string, input: string, key: Key) => {
    for (const layer of ORDER) {
      const handlers = layers.current.get(layer) ?? [];
      // The most recently mounted handler of a layer goes first.
      for (let i = handlers.length - 1; i >= 0; i--) {
        if (handlers[i]?.current(name, input, key)) return;
      }
    }
  };

  /** Take the next key off the queue: a whole key, one character of a chunk, or a field's text. */
  const next = (): [string, string, Key] | null => {
    const head = queue.current[0];
    if (!head) return null;
    if (!head.chunk) {
      queue.current.shift();
      return [head.name, head.input, head.key];
    }
    const dialogOpen = (layers.current.get('dialog') ?? []).length > 0;
    // Outside a text field every character is a key. In one, the text up to a control
    // character, and each control character a key of its own: Enter submits, and Ctrl-U or
    // Ctrl-W typed just before more text (one chunk on a slow link) still edits the field.
    const control = head.input.search(/[\x00-\x08\x0a-\x1a\x1c-\x1f\x7f]/);
    const cut = !dialogOpen || control === 0 ? 1 : control > 0 ? control : head.input.length;
    const piece = head.input.slice(0, cut);
    head.input = head.input.slice(cut);
    if (head.input === '') queue.current.shift();
    return Array.from(piece).length === 1 ? [charName(piece), piece, NO_KEY] : [piece, piece, NO_KEY];
  };

  // After a key, the next waits until the screen has re-rendered what that key did (React may
  // render it a few timer turns later), or a few turns when the key changed nothing.
  const step = () => {
    if (held.current) {
      draining.current = false;
      return;
    }
    const key = next();
    const before = generation.current;
    if (key) deliver(...key);
    const settle = (turns: number) =>
      setTimeout(() => {
        if (generation.current === before && turns < 10) return settle(turns + 1);
        if (queue.current.length > 0) step();
        else draining.current = false;
      }, 0);
    settle(0);
  };

  resume.current = step;

  useInput((input, key) => {
    if (held.current && key.ctrl && input === 'c') return deliver('C-c', input, key);
    const chunk = input.length > 1 && !key.ctrl && !key.meta && !key.escape;
    queue.current.push({ name: chunk ? input : keyName(input, key), input, key, chunk });
    if (!draining.current) {
      draining.current = true;
      step();
    }
  });
  return <RouterContext.Provider value={registry}>{children}</RouterContext.Provider>;
}

/** Hold keys while a screen loads (see Registry.hold); the registry is stable. */
export function useKeyHold(): (on: boolean) => void {
  const registry = useContext(RouterContext);
  return useCallback((on: boolean) => registry?.hold(on), [registry]);
}

/** Register a key handler on a layer while `active`. The latest handler closure is always used. */
export function useKeys(layer: Layer, handler: KeyHandler, active = true): void {
  const registry = useContext(RouterContext);
  const ref = useRef(handler);
  ref.current = handler;
  registry?.rendered();
  // A layout effect: registered (and removed) with the commit, before the next key.
  useLayoutEffect(() => {
    if (!registry || !active) return;
    return registry.add(layer, ref);
  }, [registry, layer, active]);
}
