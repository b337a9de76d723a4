// While a multi-host attempt runs, each host's state as its follower sees it (running,
// reconnecting, unreachable, …) is journaled when it changes: transitions only, so a host that
// retries for an hour costs two records, not one per retry.
import type { StepContext } from './context.js';
import type { HostLive } from './types.js';

const POLL_MS = 1000;

/** Start journaling; the returned function takes a last look, then stops. */
export function journalHostStates(
  ctx: StepContext,
  stepId: string,
  attempt: number,
  dir: string,
): () => Promise<void> {
  const read = ctx.runner.hostStates?.bind(ctx.runner);
  if (!read) return async () => {};
  let running: Promise<void> = Promise.resolve();
  const sync = () => {
    running = running.then(() => appendChanges(ctx, stepId, attempt, read(dir))).catch(() => undefined);
    return running;
  };
  const timer = setInterval(() => void sync(), POLL_MS);
  timer.unref();
  void sync();
  return async () => {
    clearInterval(timer);
    await sync();
  };
}

async function appendChanges(
  ctx: StepContext,
  stepId: string,
  attempt: number,
  now: Record<string, HostLive>,
): Promise<void> {
  for (const [host, live] of Object.entries(now)) {
    if (ctx.signal.aborted) return;
    const entry = ctx.handle.state().steps[stepId];
    const known = entry?.attempts.find((a) => a.attempt === attempt)?.hostStates?.[host];
    if (known && known.state === live.state && known.cancel === live.cancel) continue;
    await ctx.append({
      type: 'step.hostState',
      step: stepId,
      data: {
        attempt,
        host,
        state: live.state,
        ...(live.reason ? { reason: ctx.values.mask(live.reason) } : {}),
        ...(live.cancel ? { cancel: live.cancel } : {}),
      },
    });
  }
}
