// What every screen needs besides the session: text in the chosen language, the theme, and a
// clock (injected so golden frames are deterministic).
import { createContext, useContext } from 'react';
import type { FrameSignal } from './frame-signal.js';
import type { Lang, Strings } from './i18n/index.js';
import type { Theme } from './theme.js';

export interface UiEnv {
  lang: Lang;
  t: Strings;
  theme: Theme;
  now: () => Date;
  /** How often time-dependent text (elapsed, countdown) refreshes; 0 = never (tests). */
  tickMs: number;
  /** Frames written to the terminal (runCockpit); absent in tests drawn without a terminal. */
  frames?: FrameSignal;
}

export const UiEnvContext = createContext<UiEnv | null>(null);

export function useUiEnv(): UiEnv {
  const env = useContext(UiEnvContext);
  if (!env) throw new Error('UiEnvContext missing');
  return env;
}
