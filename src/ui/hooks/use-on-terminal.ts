// Run `action` once `key`'s screen is on the terminal: ink writes a commit's frame before the
// commit's layout effects run, unless its throttle holds the frame for later; then after the next
// frame written. Without a frame count (screens drawn in tests) a turn after the commit.
import { useLayoutEffect, useRef } from 'react';
import type { FrameSignal } from '../frame-signal.js';

export function useOnTerminal(key: unknown, frames: FrameSignal | undefined, action: () => void): void {
  const countAtRender = useRef(0);
  countAtRender.current = frames?.count() ?? 0;
  const latest = useRef(action);
  latest.current = action;
  useLayoutEffect(() => {
    if (key === null || key === undefined) return;
    let timer: NodeJS.Timeout | undefined;
    const start = () => {
      timer = setTimeout(() => latest.current(), 0);
    };
    let cancel: (() => void) | undefined;
    if (!frames || frames.count() > countAtRender.current) start();
    else cancel = frames.next(start);
    return () => {
      cancel?.();
      clearTimeout(timer);
    };
  }, [key, frames]);
}
