// fs.watch on a step's attempt directory, resting after each event. The directory holds the
// log: a step printing at full speed makes one inotify event per write, tens of thousands a
// second, each a JS callback, while a reader only needs to know "something changed". So the
// first event is reported, the watch closes for restMs, then reopens and reports once more
// (whatever happened meanwhile). Readers poll besides, because watch events get lost on some
// file systems.
import { type FSWatcher, watch } from 'node:fs';

/** Watch `dir`; returns the function that stops watching. */
export function restfulWatch(dir: string, onChange: () => void, restMs = 100): () => void {
  let watcher: FSWatcher | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  const arm = () => {
    timer = null;
    if (stopped) return;
    try {
      watcher = watch(dir, { persistent: false }, rest);
      watcher.on('error', () => {
        watcher?.close();
        watcher = null;
      });
    } catch {
      watcher = null; // Gone or unwatchable: the caller's polling carries on.
    }
  };
  function rest(): void {
    watcher?.close();
    watcher = null;
    if (stopped) return;
    onChange();
    timer = setTimeout(() => {
      arm();
      if (!stopped) onChange();
    }, restMs);
  }

  arm();
  return () => {
    stopped = true;
    watcher?.close();
    watcher = null;
    if (timer) clearTimeout(timer);
  };
}
