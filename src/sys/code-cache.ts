// The bin (bin.mjs) keeps V8's compiled code of the bundle between starts, made at the exit of
// the run that found none. A command whose start time matters asks for a cache made by a run of
// its own kind: the cockpit's first frame needs functions that `--version` never compiles.
// From the sources (tests, tsc's dist/) there is no bin and this does nothing.

interface CodeCacheHook {
  want(kind: string): void;
}

export function wantCodeCache(kind: string): void {
  const hook = (globalThis as Record<symbol, CodeCacheHook | undefined>)[
    Symbol.for('release-cockpit.code-cache')
  ];
  hook?.want(kind);
}
