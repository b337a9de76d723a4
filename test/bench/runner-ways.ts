// One-off comparison for issue #14: is the standby wrapper, and is `flock --no-fork`, needed
// for the goal runner_ratio_vs_file ≤ 1.05? The same 200 MB step through the runner alone,
// four ways (standby or direct start × exec or beside lock), each paired with the command
// redirected to a file, interleaved so the machine's drift hits all of them alike.
//   npx tsc -p tsconfig.bench.json && node dist-bench/test/bench/runner-ways.js [PAIRS]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dropStandby, prepareStandby } from '../../src/runner/standby.js';
import { startAttempt } from '../../src/runner/start.js';
import type { LockStyle } from '../../src/runner/wrapper.js';
import { printBytesCommand } from './fixtures.js';
import { hasRecord, median, nowMs, pollUntil, round, sleep, writtenAtMs } from './stats.js';
import { toFile } from './throughput.js';

const MB = 1024 * 1024;
const BYTES = 200 * MB;
let n = 0;

async function through(workDir: string, way: 'standby' | 'direct', lockStyle: LockStyle): Promise<number> {
  if (way === 'standby') {
    await prepareStandby();
    await sleep(100);
  }
  const dir = path.join(workDir, 'ways', String(++n));
  const exitFile = path.join(dir, 'exit.json');
  const start = nowMs();
  await startAttempt({ attemptDir: dir, script: `${printBytesCommand(BYTES)}\n`, env: {}, lockStyle });
  await pollUntil(() => (hasRecord(exitFile) ? true : undefined), 'exit.json', { intervalMs: 25, timeoutMs: 60_000 });
  const ms = writtenAtMs(exitFile) - start;
  if (fs.statSync(path.join(dir, 'log')).size !== BYTES) throw new Error('short log');
  fs.rmSync(dir, { recursive: true, force: true });
  if (way === 'standby') dropStandby();
  return ms;
}

async function main(): Promise<void> {
  const pairs = Number(process.argv[2] ?? 41);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-ways-'));
  const ways = [
    ['standby', 'exec'],
    ['standby', 'beside'],
    ['direct', 'exec'],
    ['direct', 'beside'],
  ] as const;
  const ratios: number[][] = ways.map(() => []);
  try {
    for (let p = 0; p < pairs; p++) {
      for (const [i, [way, lock]] of ways.entries()) {
        const before = p % 2 === 0;
        const file1 = before ? await toFile(workDir, BYTES) : 0;
        const ms = await through(workDir, way, lock);
        const file = before ? file1 : await toFile(workDir, BYTES);
        ratios[i]?.push(ms / file);
      }
      process.stderr.write(`pair ${p + 1}/${pairs}\n`);
    }
    for (const [i, [way, lock]] of ways.entries()) {
      process.stdout.write(`${way}+${lock}: runner_ratio_vs_file ${round(median(ratios[i] ?? []), 3)}\n`);
    }
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

void main();
