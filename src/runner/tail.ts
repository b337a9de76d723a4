// Follow a step's log file: the live view and a reattach are the same code. Reads by offset in
// chunks (fs.watch on the directory for promptness, polling because watch events get lost),
// keeps only the last maxLines lines (LineRing), and publishes a new version at most every
// publishMs so the UI renders at a fixed rate, never per chunk.
import { type FSWatcher, watch } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import path from 'node:path';
import type { LogTail } from '../session/types.js';
import { LineRing } from './line-ring.js';

export type { LogTail };

/** Bytes arriving between two publishes that count as a flood (a screenful is a few KB). */
const FLOOD_BYTES = 256 * 1024;

export interface LogTailOptions {
  maxLines?: number;
  publishMs?: number;
  /**
   * Publish interval while the log floods (more than FLOOD_BYTES in the last interval; default
   * 250 ms). Each publish costs the UI a frame; during a flood frames take CPU from the step
   * and make keys wait, and nobody reads 10 screens of scrolling output a second anyway.
   */
  floodPublishMs?: number;
  /** Polling interval besides fs.watch (default 500 ms). */
  pollMs?: number;
  maxLineBytes?: number;
  /** Applied to each display line (the session masks secrets here). */
  transform?: (line: string) => string;
}

const CHUNK_BYTES = 1 << 20;

export function createLogTail(logPath: string, opts: LogTailOptions = {}): LogTail {
  const ring = new LineRing({
    maxLines: opts.maxLines ?? 2000,
    maxLineBytes: opts.maxLineBytes ?? 8192,
    ...(opts.transform ? { transform: opts.transform } : {}),
  });
  const publishMs = opts.publishMs ?? 100;
  const floodPublishMs = Math.max(publishMs, opts.floodPublishMs ?? 250);
  let bytesAtPublish = 0;
  /** The last interval brought more than FLOOD_BYTES: the next publish waits floodPublishMs. */
  let flooding = false;
  const listeners = new Set<() => void>();
  const buffer = Buffer.alloc(CHUNK_BYTES);
  let offset = 0;
  let version = 0;
  let snapshot: readonly string[] = [];
  let snapshotVersion = 0;
  let handle: FileHandle | null = null;
  let closed = false;
  let reading = false;
  let again = false;
  let publishTimer: NodeJS.Timeout | null = null;
  let watcher: FSWatcher | null = null;

  const publish = () => {
    publishTimer = null;
    if (closed) return;
    flooding = offset - bytesAtPublish > FLOOD_BYTES;
    bytesAtPublish = offset;
    version++;
    for (const listener of [...listeners]) listener();
  };
  const schedulePublish = () => {
    if (publishTimer !== null || closed) return;
    publishTimer = setTimeout(publish, flooding ? floodPublishMs : publishMs);
  };

  const pump = async (): Promise<void> => {
    if (reading) {
      again = true;
      return;
    }
    reading = true;
    try {
      do {
        again = false;
        if (handle === null) {
          let opened: FileHandle;
          try {
            opened = await open(logPath, 'r');
          } catch {
            return; // Not created yet: the watcher or the poll will try again.
          }
          // Closed while opening: close() saw no handle, so this one is ours to close, now
          // (left to the garbage collector, Node prints a warning onto the cockpit's screen).
          if (closed) {
            await opened.close().catch(() => undefined);
            return;
          }
          handle = opened;
        }
        for (;;) {
          const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, offset);
          if (closed || bytesRead === 0) break;
          ring.feed(buffer.subarray(0, bytesRead));
          offset += bytesRead;
          schedulePublish();
        }
      } while (again && !closed);
    } catch {
      // A read error (file removed under us) ends this pump; the poll retries.
    } finally {
      reading = false;
    }
  };

  try {
    watcher = watch(path.dirname(logPath), (_event, name) => {
      if (name === null || name === path.basename(logPath)) void pump();
    });
    watcher.on('error', () => watcher?.close());
  } catch {
    watcher = null;
  }
  const poll = setInterval(() => void pump(), opts.pollMs ?? 500);
  void pump();

  return {
    lines() {
      if (snapshotVersion !== version) {
        snapshot = ring.lines();
        snapshotVersion = version;
      }
      return snapshot;
    },
    bytes: () => offset,
    version: () => version,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closed = true;
      clearInterval(poll);
      if (publishTimer) clearTimeout(publishTimer);
      watcher?.close();
      listeners.clear();
      const open = handle;
      handle = null;
      void open?.close().catch(() => undefined);
    },
  };
}

/**
 * The last `lines` display lines of a log file without reading all of it (for status and the
 * report): reads backwards in blocks until enough newlines are seen, then renders the same way
 * as the live tail. At most maxBytes are read from the end (default 4 MB).
 */
export async function readLogTail(
  logPath: string,
  lines: number,
  opts: { maxBytes?: number; transform?: (line: string) => string } = {},
): Promise<string[]> {
  let handle: FileHandle;
  try {
    handle = await open(logPath, 'r');
  } catch {
    return [];
  }
  try {
    const size = (await handle.stat()).size;
    const limit = Math.max(0, size - (opts.maxBytes ?? 4 << 20));
    const blocks: Buffer[] = [];
    let start = size;
    let newlines = 0;
    while (start > limit && newlines <= lines) {
      const from = Math.max(limit, start - 65_536);
      const block = Buffer.alloc(start - from);
      await handle.read(block, 0, block.length, from);
      for (const byte of block) if (byte === 0x0a) newlines++;
      blocks.unshift(block);
      start = from;
    }
    let data = Buffer.concat(blocks);
    // Started in the middle of a line: drop the fragment.
    if (start > 0) data = data.subarray(data.indexOf(0x0a) + 1);
    const ring = new LineRing({
      maxLines: Math.max(1, lines),
      maxLineBytes: 8192,
      ...(opts.transform ? { transform: opts.transform } : {}),
    });
    ring.feed(data);
    return lines > 0 ? ring.lines() : [];
  } finally {
    await handle.close();
  }
}
