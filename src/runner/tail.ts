// Follow a step's log file: the live view and a reattach are the same code. Reads in passes,
// at most one per publishMs (fs.watch on the directory for promptness, polling because watch
// events get lost); each pass reads up to the size seen at its start, keeps only the last
// maxLines lines (LineRing) and publishes once. When more than skipAheadBytes wait unread (a
// flood, or opening a big log), the pass reads only the last windowBytes: what it skips would
// have been pushed out of the ring anyway, and reading it costs the step the CPU it needs.
import { type FileHandle, open } from 'node:fs/promises';
import path from 'node:path';
import { LineRing } from './line-ring.js';
import { gapLine, type LogTail } from './log-tail.js';
import { restfulWatch } from './rest-watch.js';

export type { LogTail };

/** Bytes arriving between two publishes that count as a flood (a screenful is a few KB). */
const FLOOD_BYTES = 256 * 1024;

export interface LogTailOptions {
  maxLines?: number;
  /**
   * Publish interval (default 200 ms: 5 frames a second). Each publish costs the UI a frame,
   * and ink 6.8 rebuilds the whole screen cell by cell for each (~5 ms, mostly garbage, at
   * 120×40): at 10 a second a steadily printing step kept the cockpit at 12–14 % of a core.
   */
  publishMs?: number;
  /**
   * Publish interval while the log floods (more than FLOOD_BYTES in the last interval; default
   * 500 ms). During a flood frames take CPU from the step, and nobody reads scrolling output
   * at hundreds of MB a second anyway.
   */
  floodPublishMs?: number;
  /** Polling interval besides fs.watch (default 500 ms). */
  pollMs?: number;
  maxLineBytes?: number;
  /** Unread bytes beyond which a pass jumps ahead (default 2 MB). */
  skipAheadBytes?: number;
  /** How much of the end a pass reads after jumping (default 1 MB: ~10,000 typical lines). */
  windowBytes?: number;
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
  const publishMs = opts.publishMs ?? 200;
  const floodPublishMs = Math.max(publishMs, opts.floodPublishMs ?? 500);
  const windowBytes = Math.max(4096, opts.windowBytes ?? CHUNK_BYTES);
  const skipAheadBytes = Math.max(windowBytes, opts.skipAheadBytes ?? 2 * CHUNK_BYTES);
  /** The last pass brought more than FLOOD_BYTES: the next one waits floodPublishMs. */
  let flooding = false;
  const listeners = new Set<() => void>();
  const buffer = Buffer.alloc(CHUNK_BYTES);
  let offset = 0;
  let skipped = 0;
  /** After a jump the first bytes are the end of a line already passed: drop up to a newline. */
  let midLine = false;
  let version = 0;
  let snapshot: readonly string[] = [];
  let snapshotVersion = 0;
  let handle: FileHandle | null = null;
  let closed = false;
  let reading = false;
  /** A pass was due while one was reading: run another when it ends. */
  let again = false;
  let lastPass = Number.NEGATIVE_INFINITY;
  let passTimer: NodeJS.Timeout | null = null;

  const publish = () => {
    version++;
    for (const listener of [...listeners]) listener();
  };

  const openLog = async (): Promise<FileHandle | null> => {
    if (handle !== null) return handle;
    let opened: FileHandle;
    try {
      opened = await open(logPath, 'r');
    } catch {
      return null; // Not created yet: the watcher or the poll will try again.
    }
    // Closed while opening: close() saw no handle, so this one is ours to close, now (left to
    // the garbage collector, Node prints a warning onto the cockpit's screen).
    if (closed) {
      await opened.close().catch(() => undefined);
      return null;
    }
    handle = opened;
    return handle;
  };

  const feed = (bytes: Buffer) => {
    if (midLine) {
      const newline = bytes.indexOf(0x0a);
      if (newline < 0) return;
      midLine = false;
      bytes = bytes.subarray(newline + 1);
    }
    if (bytes.length > 0) ring.feed(bytes);
  };

  const pass = async (): Promise<void> => {
    passTimer = null;
    if (closed) return;
    if (reading) {
      again = true;
      return;
    }
    reading = true;
    again = false;
    const before = offset;
    try {
      const file = await openLog();
      if (file === null) return;
      const size = (await file.stat()).size;
      if (size - offset > skipAheadBytes) {
        const target = size - windowBytes;
        ring.gap(gapLine(target - offset));
        skipped += target - offset;
        offset = target;
        midLine = true;
      }
      while (offset < size && !closed) {
        const { bytesRead } = await file.read(buffer, 0, Math.min(CHUNK_BYTES, size - offset), offset);
        if (bytesRead === 0) break;
        feed(buffer.subarray(0, bytesRead));
        offset += bytesRead;
      }
    } catch {
      // A read error (file removed under us) ends this pass; the poll tries again.
    } finally {
      reading = false;
      lastPass = Date.now();
    }
    if (closed) return;
    // (A jump moved offset too: skipped bytes count as arrived.)
    flooding = offset - before > FLOOD_BYTES;
    if (offset !== before) publish();
    // More may have arrived while reading; the next pass comes at the publish rate.
    if (offset !== before || again) schedule();
  };

  function schedule(): void {
    if (passTimer !== null || closed) return;
    const wait = lastPass + (flooding ? floodPublishMs : publishMs) - Date.now();
    passTimer = setTimeout(() => void pass(), Math.max(0, wait));
  }

  const unwatch = restfulWatch(path.dirname(logPath), schedule, publishMs);
  const poll = setInterval(schedule, opts.pollMs ?? 500);
  schedule();

  return {
    lines() {
      if (snapshotVersion !== version) {
        snapshot = ring.lines();
        snapshotVersion = version;
      }
      return snapshot;
    },
    lineCount: () => ring.size(),
    range: (start, end) => ring.range(start, end),
    bytes: () => offset,
    skippedBytes: () => skipped,
    version: () => version,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closed = true;
      clearInterval(poll);
      if (passTimer) clearTimeout(passTimer);
      unwatch();
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
