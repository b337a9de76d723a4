// The help overlay, one for every screen: the help key (a global binding) opens it wherever no
// text is being typed, Esc (or ? or q) closes it, ↑/↓ scroll. While it is open it takes every
// key but Ctrl-C. Each screen draws it in place of its body (model/keys-view helpBody) from its own places of
// the bindings table, so the help lists the keys of the screen it was opened on.
import { createContext, type ReactElement, type ReactNode, useContext, useState } from 'react';
import { actionFor } from './keys.js';
import { useKeys } from './router.js';

export interface HelpState {
  open: boolean;
  scroll: number;
}

const HelpContext = createContext<HelpState>({ open: false, scroll: 0 });

/** Whether the help is open (and how far it is scrolled) for the screen drawing it. */
export function useHelp(): HelpState {
  return useContext(HelpContext);
}

export function HelpProvider({ children }: { children: ReactNode }): ReactElement {
  const [state, setState] = useState<HelpState>({ open: false, scroll: 0 });
  useKeys('global', (name) => {
    if (actionFor(['global'], name) !== 'help') return false;
    setState({ open: true, scroll: 0 });
    return true;
  });
  // Registered when it opens, so it is the first dialog handler asked.
  useKeys(
    'dialog',
    (name) => {
      const action = actionFor(['dialog:help'], name);
      if (action === 'close') setState({ open: false, scroll: 0 });
      else if (action === 'up') setState((s) => ({ ...s, scroll: Math.max(0, s.scroll - 1) }));
      else if (action === 'down') setState((s) => ({ ...s, scroll: s.scroll + 1 }));
      else if (actionFor(['global'], name) === 'ctrlC') return false;
      return true;
    },
    state.open,
  );
  return <HelpContext.Provider value={state}>{children}</HelpContext.Provider>;
}
