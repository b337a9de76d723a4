// Walking the plan headless as a rehearsal does: `run --headless` with the variables and an
// answers file, legs until the plan (or its rollback path) ends. A leg that stops for a sign-off
// is followed by the tech lead's `signoff` from their own login, then the next leg. A failure
// names the step, its command and the last lines of its output, and stops the rehearsal.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parse } from 'yaml';
import { COCKPIT, LEAD, notifyToken, PLAN, ROOT, run, STATE_DIR } from './environment.js';

const REPO = path.resolve(import.meta.dirname, '../..');

/** The build users run (dist/, one file plus its shell programs) and the plan, as on a bastion. */
export function installCockpit(): void {
  fs.rmSync(path.join(ROOT, 'cockpit'), { recursive: true, force: true });
  fs.cpSync(path.join(REPO, 'dist'), path.join(ROOT, 'cockpit'), { recursive: true });
  fs.mkdirSync(path.join(ROOT, 'plans'), { recursive: true });
  fs.copyFileSync(path.join(REPO, 'plans/architecture-2.0.yaml'), PLAN);
}

export function resetEnvironment(...args: string[]): void {
  const result = run('bash', [path.join(REPO, 'test/rehearsal/env/reset.sh'), ...args]);
  if (result.code !== 0) throw new Error(`reset.sh failed:\n${result.stderr}`);
}

export interface Leg {
  code: number | null;
  lines: string[];
}

/** One `run --headless` leg; each line is printed as it comes and handed to `onLine`. */
export function headlessLeg(
  runName: string,
  answers: string,
  vars: string[],
  onLine: (line: string) => void = () => {},
): Promise<Leg> {
  const args = [COCKPIT, 'run', PLAN, '--run', runName, '--headless', '--state-dir', STATE_DIR];
  args.push('--vars', path.join(ROOT, 'vars.yaml'), '--answers', path.join(ROOT, answers));
  for (const value of vars) args.push('--var', value);
  const child = spawn(process.execPath, args, {
    env: {
      ...process.env,
      RC_VAR_NOTIFY_TOKEN: notifyToken(),
      RELEASE_COCKPIT_SSH_CONFIG: path.join(ROOT, 'ssh/config'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const take = (line: string) => {
    lines.push(line);
    process.stdout.write(`  │ ${line}\n`);
    onLine(line);
  };
  createInterface({ input: child.stdout }).on('line', take);
  createInterface({ input: child.stderr }).on('line', take);
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, lines })));
}

/** The tech lead signs a step (or the rollback) off from their own login. */
export function leadSignsOff(runName: string, target: string | null): void {
  const what = target === null ? ['--rollback'] : [target];
  const result = run('runuser', [
    '-u',
    LEAD,
    '--',
    process.execPath,
    COCKPIT,
    'signoff',
    PLAN,
    '--run',
    runName,
    ...what,
    '--state-dir',
    STATE_DIR,
    '--note',
    'rehearsal',
  ]);
  process.stdout.write(`  ⚑ ${LEAD}: ${(result.stdout + result.stderr).trim()}\n`);
  if (result.code !== 0) throw new Error(`the tech lead's sign-off was refused (${result.code})`);
}

/** What the plan says a step runs, and the last lines its attempt wrote on each host. */
export function failureReport(runName: string, stepId: string): string {
  const plan = parse(fs.readFileSync(PLAN, 'utf8')) as {
    phases: { steps: { id: string; run?: string; hosts?: string }[] }[];
    rollback?: { steps: { id: string; run?: string; hosts?: string }[] };
  };
  const steps = [...plan.phases.flatMap((phase) => phase.steps), ...(plan.rollback?.steps ?? [])];
  const step = steps.find((candidate) => candidate.id === stepId);
  const attempts = path.join(STATE_DIR, 'runs/architecture-2.0', runName, 'attempts', stepId);
  const last = fs.existsSync(attempts)
    ? fs
        .readdirSync(attempts)
        .map(Number)
        .sort((a, b) => b - a)[0]
    : undefined;
  const out = [
    `step ${stepId}${step?.hosts ? ` on ${step.hosts}` : ''}`,
    'command:',
    ...(step?.run ?? '(none)')
      .trimEnd()
      .split('\n')
      .map((l) => `    ${l}`),
  ];
  if (last !== undefined) {
    const dir = path.join(attempts, String(last));
    const hosts = path.join(dir, 'hosts');
    const logs = fs.existsSync(hosts)
      ? fs.readdirSync(hosts).map((host) => [host, path.join(hosts, host, 'log')] as const)
      : [['bastion', path.join(dir, 'log')] as const];
    for (const [where, file] of logs) {
      const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
      out.push(
        `last lines of attempt ${last} on ${where}:`,
        ...text
          .trimEnd()
          .split('\n')
          .slice(-25)
          .map((l) => `    ${l}`),
      );
    }
  }
  return out.join('\n');
}

/**
 * Legs until the plan (or the rollback path) is finished: a sign-off stop gets the tech lead's
 * sign-off, then the next leg. Throws with the failing step's command and output otherwise.
 */
export async function rehearse(
  runName: string,
  answers: string,
  vars: string[],
  onLine?: (line: string) => void,
): Promise<string[]> {
  const all: string[] = [];
  for (let leg = 1; leg <= 6; leg++) {
    const { code, lines } = await headlessLeg(runName, answers, vars, onLine);
    all.push(...lines);
    const last = lines.at(-1) ?? '';
    if (code === 0) return all;
    const signoff = /^waiting for the operator: (?:step (\S+) .*|the rollback .*)needs a sign-off/.exec(last);
    if (code === 3 && signoff) {
      leadSignsOff(runName, signoff[1] ?? null);
      continue;
    }
    const failed = /^stopped: step (\S+) /.exec(
      lines.findLast((line) => line.startsWith('stopped: step')) ?? '',
    );
    const detail = failed?.[1] ? `\n${failureReport(runName, failed[1])}` : '';
    throw new Error(`the rehearsal stopped (exit ${code}): ${last}${detail}`);
  }
  throw new Error('the rehearsal did not finish in 6 legs');
}
