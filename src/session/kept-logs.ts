// What the report may quote of a command's output. Raw logs hold whatever a command printed,
// secrets included, and the report only reads files: so while this session knows the secret
// values it leaves masked copies beside the logs the report quotes (`<log>.masked`, streamed
// line by line: a large log costs no memory) — the artifact of a step, and the logs of a
// failure. A multi-host artifact is every host's output, each under its host's name, then the
// summary (artifact.log): the hosts' output is what the step made.
import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { StepContext } from './context.js';
import type { FinishedAttempt } from './ports.js';

async function copyMasked(ctx: StepContext, from: string, out: WriteStream): Promise<void> {
  const lines = createInterface({ input: createReadStream(from), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (!out.write(`${ctx.values.mask(line)}\n`)) await once(out, 'drain');
  }
}

async function writeMasked(ctx: StepContext, target: string, parts: { title?: string; file: string }[]) {
  const out = createWriteStream(target, { mode: 0o600 });
  for (const part of parts) {
    if (part.title) out.write(`── ${part.title}\n`);
    try {
      await copyMasked(ctx, part.file, out);
    } catch {
      out.write('(no output)\n');
    }
  }
  out.end();
  await once(out, 'finish');
}

/** `<log>.masked` when the run has secrets (else the log itself): what the report may quote. */
export async function maskedLog(ctx: StepContext, logPath: string): Promise<string> {
  if (!ctx.values.hasSecrets()) return logPath;
  const target = `${logPath}.masked`;
  try {
    await writeMasked(ctx, target, [{ file: logPath }]);
    return target;
  } catch {
    return logPath;
  }
}

/** The file a step's artifact points at: its log, or for hosts every host's output then the summary. */
export async function artifactLog(
  ctx: StepContext,
  logPath: string,
  finished: FinishedAttempt,
): Promise<string> {
  const hosts = Object.entries(finished.hosts ?? {});
  if (hosts.length === 0) return maskedLog(ctx, logPath);
  const dir = path.dirname(logPath);
  const target = path.join(dir, 'artifact.log');
  try {
    await writeMasked(ctx, target, [
      ...hosts.map(([host, result]) => ({
        title: `${host} (exit ${result.exitCode ?? '?'})`,
        file: path.resolve(dir, result.logPath),
      })),
      { title: 'summary', file: logPath },
    ]);
    return target;
  } catch {
    return maskedLog(ctx, logPath);
  }
}

/** A failed attempt's logs, masked beside the raw ones, for the report's failure excerpts. */
export async function maskFailureLogs(
  ctx: StepContext,
  logPath: string,
  finished: FinishedAttempt,
): Promise<void> {
  if (!ctx.values.hasSecrets()) return;
  const dir = path.dirname(logPath);
  const failedHosts = Object.values(finished.hosts ?? {}).filter((result) => result.exitCode !== 0);
  for (const file of [logPath, ...failedHosts.map((result) => path.resolve(dir, result.logPath))]) {
    await maskedLog(ctx, file);
  }
}
