// Multi-host steps go through the system's OpenSSH, run by the detached follower (sh/follow.sh):
// `ssh -o BatchMode=yes [options] -- HOST sh -s MODE KEY [N]` with sh/remote.sh (and, to start,
// the script and the variables as here-documents) on stdin. Nothing the operator typed is ever
// parsed by a remote shell as a command line: the key is built from checked names.

/** ssh aliases become directory names (hosts/<host>/) and ssh arguments: keep them plain. */
export const HOST_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9._@:-]{0,252}$/;

export const DEFAULT_HOST_CONCURRENCY = 4;

export interface SshOptions {
  /** Extra ssh arguments, each one argv entry (e.g. ['-o', 'ConnectTimeout=10']). */
  options?: string[];
  /** An ssh_config file (`ssh -F`); default: the user's own ~/.ssh/config. */
  configFile?: string;
}

/** Why a host alias is refused, or null. A leading "-" would be read by ssh as an option. */
export function invalidHost(host: string): string | null {
  if (HOST_PATTERN.test(host)) return null;
  return `host "${host}" must be an ssh alias or host name (letters, digits, ".", "_", "-", "@", ":"; not starting with "-")`;
}

/** The ssh arguments the wrapper puts before `-- HOST`. */
export function sshArguments(ssh: SshOptions | undefined): string[] {
  const args: string[] = [];
  if (ssh?.configFile) args.push('-F', ssh.configFile);
  args.push(...(ssh?.options ?? []));
  return args;
}
