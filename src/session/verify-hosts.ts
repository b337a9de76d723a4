// Verify of a step with hosts: its verify command checks the host's state (git, systemctl,
// pg_restore there), so it runs on every host of the step, through the same detached remote path
// as the step itself (a claimed sub-attempt attemptDir/verify/<n>, the variables on ssh's stdin,
// never in argv, one exit record per host). All hosts, not only the unknown ones: a verify is
// cheap and read-only, and a decision taken on part of the hosts would hide the others.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { CommandStep } from '../plan/schema.js';
import { type StepContext, stepCwd } from './context.js';
import { remoteCwd, rollout } from './launch.js';

export interface HostsVerified {
  /** 0 when every host's verify exited 0; else the first non-zero (null: some host gave none). */
  exitCode: number | null;
  hosts: Record<string, number | null>;
}

export async function verifyOnHosts(
  ctx: StepContext,
  step: CommandStep & { verify: string },
  hosts: string[],
  dir: string,
  env: Record<string, string>,
  timeoutMs: number,
): Promise<HostsVerified> {
  const verifyDir = path.join(dir, 'verify', String(nextNumber(path.join(dir, 'verify'))));
  const remote = remoteCwd(hosts, stepCwd(ctx.values, step), step.verify, env);
  const settings = rollout(ctx, step, hosts.length) ?? {};
  const started = await ctx.runner.start({
    dir: verifyDir,
    script: remote.script,
    env,
    cwd: remote.cwd,
    timeoutMs,
    hosts,
    // All hosts at once, no batches or health gate: a check, not a rollout.
    remote: {
      ...(settings.reconnectForMs !== undefined ? { reconnectForMs: settings.reconnectForMs } : {}),
      ...(settings.concurrency !== undefined ? { concurrency: settings.concurrency } : {}),
      allowHostFailures: true,
    },
  });
  const finished = await ctx.runner.waitForExit(verifyDir, started, ctx.signal);
  const results: Record<string, number | null> = Object.fromEntries(hosts.map((host) => [host, null]));
  if (finished && !('vanished' in finished)) {
    for (const [host, result] of Object.entries(finished.hosts ?? {})) results[host] = result.exitCode;
  }
  const codes = hosts.map((host) => results[host] ?? null);
  const exitCode = codes.every((code) => code === 0) ? 0 : (codes.find((code) => code !== 0) ?? null);
  return { exitCode, hosts: results };
}

function nextNumber(dir: string): number {
  try {
    return readdirSync(dir).filter((name) => /^[0-9]+$/.test(name)).length + 1;
  } catch {
    return 1;
  }
}
