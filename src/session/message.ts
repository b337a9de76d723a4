// A message step: render the template (secrets masked), keep the text under messages/, and
// when the plan says how to send it, run `send` detached like any command (so a hangup does not
// cut it) with the text on stdin and its path in $RC_MESSAGE_FILE.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { messagesDir } from '../journal/paths.js';
import type { MessageStep } from '../plan/schema.js';
import { renderTemplate, secretNames } from '../plan/variables.js';
import { sha256Hex } from '../sys/hash.js';
import { appendFinished } from './command.js';
import { attemptDirOf, type StepContext } from './context.js';
import { launchAttempt } from './launch.js';
import type { VariableValues } from './values.js';

export function renderMessageText(step: MessageStep, values: VariableValues): string {
  return values.mask(renderTemplate(step.template, values.env(), { mask: secretNames(values.plan) }));
}

/** Reads the message from stdin for `send`; the user's command follows unchanged. */
const STDIN_PREFIX = 'exec <"$RC_MESSAGE_FILE"\n';

export async function startMessage(ctx: StepContext, step: MessageStep, attempt: number): Promise<void> {
  const text = renderMessageText(step, ctx.values);
  const dir = messagesDir(ctx.handle.dir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const count = (ctx.handle.state().steps[step.id]?.messages.length ?? 0) + 1;
  const file = path.join(dir, `${step.id}-${count}.txt`);
  await writeFile(file, text, { mode: 0o600 });
  await ctx.append({
    type: 'message.rendered',
    step: step.id,
    data: { path: file, sha256: sha256Hex(text), chars: text.length },
  });
  if (!step.send) {
    await ctx.append({
      type: 'step.done',
      step: step.id,
      data: { note: 'message rendered (no send command)' },
    });
    return;
  }
  const started = await launchAttempt(ctx, {
    step,
    attempt,
    script: STDIN_PREFIX + step.send,
    extraEnv: { RC_MESSAGE_FILE: file },
  });
  ctx.track(watchMessage(ctx, step, attempt, started));
}

export async function watchMessage(
  ctx: StepContext,
  step: MessageStep,
  attempt: number,
  recorded: { pid: number; pidStart: string; bootId: string; startedAt: string; logPath: string },
): Promise<void> {
  const finished = await ctx.runner.waitForExit(attemptDirOf(ctx, step.id, attempt), recorded, ctx.signal);
  if (finished === null || ctx.signal.aborted) return;
  if ('vanished' in finished) {
    await ctx.append({ type: 'step.unknown', step: step.id, data: { attempt, reason: finished.vanished } });
    return;
  }
  await appendFinished(ctx, step.id, attempt, recorded.startedAt, finished);
  await ctx.append({
    type: 'message.sent',
    step: step.id,
    data: { exitCode: finished.exit.exitCode, logPath: recorded.logPath },
  });
}
