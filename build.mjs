// The production build: the CLI and its dependencies in one file (dist/release-cockpit.js)
// behind a small bin (dist/cli.js, from bin.mjs) that runs it with V8's code cache. One file
// because Node spends a cold start resolving and compiling ~500 modules, not running our code;
// the code cache because compiling that one file is still most of what is left (npm run bench:
// first_full_frame_ratio_vs_hello_ink). The bundle is rolldown's ESM output turned into the body
// of one async function (asScriptBody): vm.Script takes cached data, a module does not on Node 20.
// tsc still emits dist/**/*.js beside it: test fixtures import single modules from there; users
// run only the bundle.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { build } from 'rolldown';

const ROOT = path.dirname(fileURLToPath(import.meta.url));
// `node build.mjs DIR` builds into DIR instead (the reproducibility test builds twice aside).
const DIST = process.argv[2] ? path.resolve(process.argv[2]) : path.join(ROOT, 'dist');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** ink imports react-devtools-core (not installed) for DEV=true only: an empty stand-in. */
function devtoolsStub() {
  const id = '\0react-devtools-stub';
  return {
    name: 'react-devtools-stub',
    resolveId: (source) => (source === 'react-devtools-core' ? id : null),
    load: (loaded) => (loaded === id ? 'export default { initialize() {}, connectToDevTools() {} };' : null),
  };
}

/**
 * yoga (ink's layout) decodes its inline wasm with fetch() when fetch exists: on Node that loads
 * undici, ~20 ms of every start (hello-ink's too) for a base64 data URL yoga also decodes itself.
 * Both of its fetch paths are turned off; the build fails if yoga's text changes.
 */
function yogaWithoutFetch() {
  const test = '"function"!=typeof fetch';
  return {
    name: 'yoga-without-fetch',
    transform(code, id) {
      if (!id.endsWith('yoga-layout/dist/binaries/yoga-wasm-base64-esm.js')) return null;
      const found = code.split(test).length - 1;
      if (found !== 2) throw new Error(`yoga-without-fetch: expected 2 fetch tests in ${id}, found ${found}`);
      return { code: code.replaceAll(test, 'true'), map: null };
    },
  };
}

/**
 * string-width (ink's and ours) skips its grapheme segmenter and Unicode emoji regexes only for
 * printable ASCII; the cockpit's box drawing, arrows and Cyrillic took that slow path, and
 * compiling its regexes cost ~20 ms of every start. Its fast path is widened to the characters
 * src/ui/narrow-chars.ts lists (each one column, none joining another; its test checks them
 * against string-width). The build fails if string-width's text changes.
 */
function stringWidthNarrowFastPath() {
  const source = fs.readFileSync(path.join(ROOT, 'src/ui/narrow-chars.ts'), 'utf8');
  const narrow = /NARROW_CLASS =\s*'([^']+)'/.exec(source)?.[1]?.replaceAll('\\\\', '\\');
  if (!narrow) throw new Error('string-width-narrow: no NARROW_CLASS in src/ui/narrow-chars.ts');
  const fastPath = '/^[\\u0020-\\u007E]*$/.test(string)';
  return {
    name: 'string-width-narrow',
    transform(code, id) {
      if (id !== path.join(ROOT, 'node_modules/string-width/index.js')) return null;
      if (!code.includes(fastPath)) throw new Error(`string-width-narrow: no ASCII fast path in ${id}`);
      return { code: code.replace(fastPath, `/^[${narrow}]*$/.test(string)`), map: null };
    },
  };
}

await build({
  input: path.join(ROOT, 'src/cli.ts'),
  platform: 'node',
  plugins: [devtoolsStub(), yogaWithoutFetch(), stringWidthNarrowFastPath()],
  transform: { define: { 'process.env.NODE_ENV': '"production"' } },
  output: {
    file: path.join(DIST, 'release-cockpit.js'),
    format: 'esm',
    codeSplitting: false,
    sourcemap: true,
  },
  logLevel: 'warn',
});

/**
 * rolldown's ESM output as the body of `async function (require, __rcMetaUrl)`, which bin.mjs
 * compiles with vm.Script: its imports (Node's built-in modules only: everything else is
 * bundled) become require() calls, import.meta.url the parameter, the entry's exports go. Each
 * line stays a line (the shebang's becomes the function's head), so the source map holds.
 */
function asScriptBody(file) {
  let text = fs.readFileSync(file, 'utf8');
  const lines = text.split('\n');
  if (!lines[0]?.startsWith('#!')) throw new Error(`${file}: expected the entry's shebang on line 1`);
  lines[0] = '(async function (require, __rcMetaUrl) {';
  text = lines.join('\n');
  text = text.replace(/^import (.+?) from "(node:[\w/]+)";$/gm, (_, clause, id) => {
    const parts = /^(?:([\w$]+)(?:, )?)?(?:\* as ([\w$]+)|\{ ([^}]*) \})?$/.exec(clause);
    if (!parts) throw new Error(`${file}: an import build.mjs cannot rewrite: ${clause}`);
    const [, name, namespace, named] = parts;
    const bind = [name, namespace].filter(Boolean).map((local) => `const ${local} = require("${id}");`);
    if (named) bind.push(`const { ${named.replaceAll(' as ', ': ')} } = require("${id}");`);
    return bind.join(' ');
  });
  text = text.replace(/\bimport\.meta\.url\b/g, '__rcMetaUrl');
  text = text.replace(/\bimport\("(node:[\w/]+)"\)/g, 'Promise.resolve(require("$1"))');
  text = text.replace(/^export \{[^}]*\};$/m, '');
  if (/^(import|export)\b|\bimport\.meta\b/m.test(text))
    throw new Error(`${file}: an import or export is left after the rewrite`);
  const mapComment = /\n(\/\/# sourceMappingURL=\S+)\s*$/.exec(text);
  if (mapComment) text = text.slice(0, mapComment.index);
  text = `${text.trimEnd()}\n})\n${mapComment ? `${mapComment[1]}\n` : ''}`;
  new vm.Script(text, { filename: file }); // A syntax error fails the build, not a user's start.
  fs.writeFileSync(file, text);
}

asScriptBody(path.join(DIST, 'release-cockpit.js'));

// What the bundle finds beside itself: its shell programs (sh-dir.ts: ./sh/ from the bundle) and
// its version (cli.ts reads ./package.json first). dist/ copied alone runs with Node only.
fs.rmSync(path.join(DIST, 'sh'), { recursive: true, force: true });
fs.cpSync(path.join(ROOT, 'src/runner/sh'), path.join(DIST, 'sh'), { recursive: true });
fs.writeFileSync(
  path.join(DIST, 'package.json'),
  `${JSON.stringify({ name: pkg.name, version: pkg.version, type: 'module', private: true }, null, 2)}\n`,
);
fs.copyFileSync(path.join(ROOT, 'bin.mjs'), path.join(DIST, 'cli.js'));
fs.chmodSync(path.join(DIST, 'cli.js'), 0o755);
