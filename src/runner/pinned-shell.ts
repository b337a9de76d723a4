// The one way a step's wrapper is started: through zx, with every option pinned, so nothing
// comes from ZX_* variables or zx's defaults (start.ts for a step, remote-start.ts for
// the follower of a multi-host step).
import type { StdioOptions } from 'node:child_process';
import { $, quote } from 'zx/core';

export function pinnedShell(env: Record<string, string>, cwd: string, stdio: StdioOptions) {
  return $({
    shell: '/bin/bash',
    // The preset's prefix/postfix wrap only the launcher line (`. wrapper.sh …`): this shell
    // becomes the wrapper, which sets its own flags first. The step's own
    // script runs with SCRIPT_BASH_FLAGS (-e -o pipefail), see wrapper.ts.
    prefix: 'set -euo pipefail; ',
    postfix: '',
    quote,
    env,
    cwd,
    detached: true,
    stdio,
    quiet: true,
    verbose: false,
    nothrow: true,
    preferLocal: false,
    timeout: undefined,
    killSignal: 'SIGTERM',
    timeoutSignal: 'SIGTERM',
  });
}
