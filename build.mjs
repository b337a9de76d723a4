// The production build: the CLI and its dependencies in one ESM file (dist/release-cockpit.js)
// behind a small bin (dist/cli.js) that turns on Node's compile cache where Node has one. One file
// because Node spends a cold start resolving and compiling ~500 modules, not running our code
// (npm run bench: first_full_frame_ratio_vs_hello_ink). tsc still emits dist/**/*.js beside it:
// test fixtures import single modules from there; users run only the bundle.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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

await build({
  input: path.join(ROOT, 'src/cli.ts'),
  platform: 'node',
  plugins: [devtoolsStub()],
  transform: { define: { 'process.env.NODE_ENV': '"production"' } },
  output: {
    file: path.join(DIST, 'release-cockpit.js'),
    format: 'esm',
    codeSplitting: false,
    sourcemap: true,
    // CommonJS dependencies (yaml's, markdown-it's) call require(); ESM has none of its own.
    banner: "import { createRequire as __rcCreateRequire } from 'node:module';\nconst require = __rcCreateRequire(import.meta.url);",
  },
  logLevel: 'warn',
});

// What the bundle finds beside itself: its shell programs (sh-dir.ts: ./sh/ from the bundle) and
// its version (cli.ts reads ./package.json first). dist/ copied alone runs with Node only.
fs.rmSync(path.join(DIST, 'sh'), { recursive: true, force: true });
fs.cpSync(path.join(ROOT, 'src/runner/sh'), path.join(DIST, 'sh'), { recursive: true });
fs.writeFileSync(
  path.join(DIST, 'package.json'),
  `${JSON.stringify({ name: pkg.name, version: pkg.version, type: 'module', private: true }, null, 2)}\n`,
);
fs.writeFileSync(
  path.join(DIST, 'cli.js'),
  `#!/usr/bin/env node
// The bin: Node >= 22.1 keeps compiled code between starts (a no-op where Node has no such API).
import module from 'node:module';

module.enableCompileCache?.();
await import('./release-cockpit.js');
`,
  { mode: 0o755 },
);
