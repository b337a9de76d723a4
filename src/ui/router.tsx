// The one useInput of the app. Components register handlers on a layer; each key goes to the
// layers in priority order (dialog > overlay > pane > screen > global) and stops at the first
// handler that takes it. ink calls every active useInput for every key, so having several
// would make a dialog's Enter also run the selected step.
import { type Key, useInput } from 'ink';
import {
  createContext,
  type ReactElement,
  type ReactNode,
  useContext,
  useEffect,
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
}

const RouterContext = createContext<Registry | null>(null);

export function KeyRouter({ children }: { children: ReactNode }): ReactElement {
  const layers = useRef(new Map<Layer, { current: KeyHandler }[]>());
  const registry = useMemo<Registry>(
    () => ({
      add(layer, handler) {
        const list = layers.current.get(layer) ?? [];
        list.push(handler);
        layers.current.set(layer, list);
        return () => {
          const current = layers.current.get(layer) ?? [];
          layers.current.set(
            layer,
            current.filter((h) => h !== handler),
          );
        };
      },
    }),
    [],
  );
  useInput((input, key) => {
    const name = keyName(input, key);
    for (const layer of ORDER) {
      const handlers = layers.current.get(layer) ?? [];
      // The most recently mounted handler of a layer goes first.
      for (let i = handlers.length - 1; i >= 0; i--) {
        if (handlers[i]?.current(name, input, key)) return;
      }
    }
  });
  return <RouterContext.Provider value={registry}>{children}</RouterContext.Provider>;
}

/** Register a key handler on a layer while `active`. The latest handler closure is always used. */
export function useKeys(layer: Layer, handler: KeyHandler, active = true): void {
  const registry = useContext(RouterContext);
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    if (!registry || !active) return;
    return registry.add(layer, ref);
  }, [registry, layer, active]);
}
