// Where the runner's shell programs are: real files under sh/ beside this module, checked by
// shellcheck (npm run lint). From the sources that is src/runner/sh/; the build copies them to
// dist/runner/sh/ (a bundle to dist/cli.js takes them to dist/sh/, the same URL from there).
import { fileURLToPath } from 'node:url';

/** The shell programs the runner ships. */
export type ShellProgram = 'wrapper.sh' | 'follow.sh' | 'remote.sh' | 'supervise.sh';

const SH_DIR = fileURLToPath(new URL('./sh/', import.meta.url));

export function shellProgram(name: ShellProgram): string {
  return SH_DIR + name;
}
