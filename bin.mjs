#!/usr/bin/env node
// The bin (build.mjs copies it to dist/cli.js): runs the bundle (dist/release-cockpit.js, one
// async function body) through vm.Script with V8's code cache, so a start skips compiling the
// bundle's 2.5 MB and the functions the last run compiled (npm run bench:
// first_full_frame_ratio_vs_hello_ink; Node 20 has no module.enableCompileCache, and Node's own
// cache does not reach vm scripts). The cache is per user ($XDG_CACHE_HOME/release-cockpit, or
// RELEASE_COCKPIT_CACHE_DIR), named by the bundle's sha256, Node's version and arch: V8 checks
// only the source's length, so a cache is never looked up for other bytes. V8 executes what it
// finds there, so a file not ours alone (owner, mode) is never read. Any failure: compile cold.
// Node maps no vm script's stack through its source map, so with --enable-source-maps (a bug
// report: NODE_OPTIONS=--enable-source-maps RC_DEBUG=1) the bin maps the bundle's frames itself.
import crypto from 'node:crypto';
import fs from 'node:fs';
import module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';

module.enableCompileCache?.();

const bundle = new URL('./release-cockpit.js', import.meta.url);
const bundlePath = bundle.pathname;
const bytes = fs.readFileSync(bundlePath);
/** What the file holds before V8's data: the format and which command's run made it. */
const HEADER = /^rcc1 (\w+)\n/;

function cacheDir() {
  const given = process.env.RELEASE_COCKPIT_CACHE_DIR;
  if (given) return given;
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'release-cockpit');
}

const cacheFile = path.join(
  cacheDir(),
  `${crypto.createHash('sha256').update(bytes).digest('hex').slice(0, 32)}-${process.version}-${process.arch}.code`,
);

/** The cache file's kind and V8 data when it is ours alone, else null. */
function readCache() {
  try {
    const fd = fs.openSync(cacheFile, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
    try {
      const stat = fs.fstatSync(fd);
      const uid = process.getuid?.() ?? stat.uid;
      if (!stat.isFile() || stat.uid !== uid || (stat.mode & 0o022) !== 0) return null;
      const data = fs.readFileSync(fd);
      const header = HEADER.exec(data.subarray(0, 32).toString('latin1'));
      if (!header) return null;
      return { kind: header[1], data: data.subarray(header[0].length) };
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return null;
  }
}

const cached = readCache();
const script = new vm.Script(bytes.toString('utf8'), {
  filename: bundlePath,
  ...(cached ? { cachedData: cached.data } : {}),
});
const accepted = cached !== null && !script.cachedDataRejected;
let writeAs = accepted ? null : 'other';

/** Written at exit, so it holds every function this run compiled; temp + rename, 0600. */
function writeCache(kind) {
  try {
    const dir = path.dirname(cacheFile);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const temp = `${cacheFile}.${process.pid}.tmp`;
    fs.writeFileSync(temp, Buffer.concat([Buffer.from(`rcc1 ${kind}\n`), script.createCachedData()]), {
      mode: 0o600,
    });
    fs.renameSync(temp, cacheFile);
  } catch {
    // A cache is an aid: an unwritable home only means a slower next start.
  }
}

process.once('exit', () => {
  if (writeAs) writeCache(writeAs);
});

// The cockpit asks for a cache made by a cockpit run (it compiled what its first frame needs),
// once its first full frame is on screen; a cache made by `--version` would lack all that.
globalThis[Symbol.for('release-cockpit.code-cache')] = {
  want(kind) {
    if (!accepted || cached.kind !== kind) writeAs = kind;
  },
};

if (process.sourceMapsEnabled) mapStackFrames();

/** Stack frames in the bundle shown at their place in the sources (release-cockpit.js.map). */
function mapStackFrames() {
  let map;
  try {
    map = new module.SourceMap(JSON.parse(fs.readFileSync(`${bundlePath}.map`, 'utf8')));
  } catch {
    return;
  }
  const dir = path.dirname(bundlePath);
  const where = (site) => {
    const entry =
      site.getFileName() === bundlePath
        ? map.findEntry(site.getLineNumber() - 1, site.getColumnNumber() - 1)
        : null;
    if (!entry?.originalSource)
      return `${site.getFileName()}:${site.getLineNumber()}:${site.getColumnNumber()}`;
    const source = path.relative(process.cwd(), path.resolve(dir, entry.originalSource));
    return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  };
  Error.prepareStackTrace = (error, sites) =>
    [
      String(error),
      ...sites.map((site) => `    at ${site.getFunctionName() ?? '<anonymous>'} (${where(site)})`),
    ].join('\n');
}

await script.runInThisContext()(createRequire(bundle), bundle.href);
