// `npm run bench [-- --json] [-- --quick] [-- --keep]`: measure the cockpit against the physical
// limit (a file) and the usual alternative (a raw tmux pane), as ratios taken in the same run
// (throughput: the median of the ratios of runs made side by side). Progress goes to stderr; the table (or one JSON object with --json) to stdout.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { currentOperator } from '../../src/journal/operator.js';
import { createRun } from '../../src/journal/run-open.js';
import { loadPlanFile } from '../../src/plan/load.js';
import { CLI } from './cockpit.js';
import { type BenchConfig, configFor } from './config.js';
import {
  commandPlan,
  manyRuns,
  manyStepsPlan,
  PRINT_FOREVER,
  printBytesCommand,
  runWithEvents,
  writePlan,
} from './fixtures.js';
import { appendCost, loadAndReduceMs } from './journal-bench.js';
import { remoteFollowBench, renderRemote } from './remote-bench.js';
import { median, nowMs, percentile, round } from './stats.js';
import { type Figures, renderTable } from './table.js';
import {
  type CockpitStepSample,
  cockpitStep,
  throughBash,
  throughRunner,
  toFile,
  toTmuxPane,
} from './throughput.js';
import { withTmux } from './tmux.js';
import { helloInkFirstFrame, keyLatency, navigation, openTimes, startScreenTimes } from './ui-bench.js';

const MB = 1024 * 1024;

function progress(text: string): void {
  process.stderr.write(`bench: ${text}\n`);
}

async function measure(config: BenchConfig, workDir: string): Promise<Figures> {
  const stateDir = path.join(workDir, 'state');
  fs.mkdirSync(stateDir, { mode: 0o700 });
  const base = { workDir, stateDir };
  const operator = currentOperator();
  const started = nowMs();

  return withTmux(async (tmux) => {
    // Throughput: cockpit, file and raw pane interleaved so drift on a shared machine hits all three.
    const big: CockpitStepSample[] = [];
    const runner: number[] = [];
    const file: number[] = [];
    const raw: number[] = [];
    for (let n = 0; n < config.repetitions; n++) {
      progress(
        `throughput ${n + 1}/${config.repetitions}: ${config.bigBytes / MB} MB through the cockpit, a file, a raw tmux pane`,
      );
      big.push(await cockpitStep(tmux, base, config.bigBytes, `big-${n}`));
      file.push(await toFile(workDir, config.bigBytes));
      raw.push(await toTmuxPane(tmux, workDir, config.bigBytes, String(n)));
    }
    // The runner alone is cheap to repeat: more pairs, their order alternating, because this
    // machine's speed drifts by ±15 % from one half second to the next.
    const runnerFile: number[] = [];
    for (let n = 0; n < config.runnerRepetitions; n++) {
      progress(
        `runner ${n + 1}/${config.runnerRepetitions}: ${config.bigBytes / MB} MB through the runner alone and a file`,
      );
      const command = printBytesCommand(config.bigBytes);
      if (n % 2 === 0) runnerFile.push(await toFile(workDir, config.bigBytes));
      runner.push(await throughRunner(workDir, command, config.bigBytes));
      if (n % 2 === 1) runnerFile.push(await toFile(workDir, config.bigBytes));
    }
    // The fixed cost of a step: `true` through the runner against `bash -c true`, interleaved.
    progress(`fixed cost: ${config.fixedRepetitions} trivial steps through the runner and through bash`);
    const fixedRunner: number[] = [];
    const fixedBash: number[] = [];
    for (let n = 0; n < config.fixedRepetitions; n++) {
      fixedRunner.push(await throughRunner(workDir, 'true'));
      fixedBash.push(await throughBash('true'));
    }
    const small: CockpitStepSample[] = [];
    for (let n = 0; n < config.repetitions; n++) {
      progress(`memory ${n + 1}/${config.repetitions}: ${config.smallBytes / MB} MB through the cockpit`);
      small.push(await cockpitStep(tmux, base, config.smallBytes, `small-${n}`));
    }

    progress('first frame: cockpit opening a run, and a one-line ink program');
    const openPlan = writePlan(workDir, 'bench-open', commandPlan('bench-open', 'echo ok', 20));
    createRun({
      stateDir,
      loaded: await loadPlanFile(openPlan),
      run: 'open',
      operator,
      variables: {},
    }).close();
    const openTarget = { ...base, planFile: openPlan, planId: 'bench-open', run: 'open' };
    const opens = [];
    const hello: { ms: number; cpuMs: number }[] = [];
    for (let n = 0; n < config.openRepetitions; n++) {
      opens.push(...(await openTimes(tmux, openTarget, 1)));
      hello.push(...(await helloInkFirstFrame(tmux, workDir, 1)));
    }

    progress(`key latency: ${config.presses} presses while a step prints at full speed`);
    const floodPlan = writePlan(workDir, 'bench-flood', commandPlan('bench-flood', PRINT_FOREVER, 2));
    const keys = await keyLatency(
      tmux,
      { ...base, planFile: floodPlan, planId: 'bench-flood', run: 'keys' },
      config.presses,
    );

    progress(`navigation: a plan of ${config.manySteps} steps`);
    const manyPlan = writePlan(workDir, 'bench-many', manyStepsPlan('bench-many', config.manySteps));
    const nav = await navigation(
      tmux,
      { ...base, planFile: manyPlan, planId: 'bench-many', run: 'nav' },
      config.navSingles,
      config.navBursts,
      config.burst,
    );

    // Resume: the first open of a long run reads the whole journal and leaves the checkpoint (as
    // the first open after an upgrade does); the timed opens start from it, each beside a
    // hello-ink run so the ratios hold while the machine drifts.
    progress(`resume: a run of ${config.events} journal events`);
    const resumePlan = writePlan(workDir, 'bench-resume', commandPlan('bench-resume', 'echo ok', 20));
    const fixture = await runWithEvents({
      stateDir,
      planFile: resumePlan,
      run: 'long',
      events: config.events,
      operator,
    });
    const resumeTarget = { ...base, planFile: resumePlan, planId: 'bench-resume', run: 'long' };
    const [firstResume] = await openTimes(tmux, resumeTarget, 1);
    const resumes = [];
    for (let n = 0; n < config.openRepetitions; n++) {
      resumes.push(...(await openTimes(tmux, resumeTarget, 1)));
      hello.push(...(await helloInkFirstFrame(tmux, workDir, 1)));
    }
    const load = await loadAndReduceMs({ stateDir, planFile: resumePlan, run: 'long', repetitions: 3 });

    progress(`resume: a run of ${config.eventsLarge} journal events`);
    const huge = await runWithEvents({
      stateDir,
      planFile: resumePlan,
      run: 'huge',
      events: config.eventsLarge,
      operator,
    });
    const hugeTarget = { ...resumeTarget, run: 'huge' };
    const [firstHuge] = await openTimes(tmux, hugeTarget, 1);
    const hugeResumes = [];
    for (let n = 0; n < config.openRepetitions; n++) {
      hugeResumes.push(...(await openTimes(tmux, hugeTarget, 1)));
      resumes.push(...(await openTimes(tmux, resumeTarget, 1)));
    }
    fs.rmSync(huge.journal, { force: true });

    progress(`start screen: ${config.startRuns} runs in the state directory`);
    const startDir = path.join(workDir, 'start');
    const startState = path.join(workDir, 'start-state');
    fs.mkdirSync(path.join(startDir, 'plans'), { recursive: true });
    fs.mkdirSync(startState, { mode: 0o700 });
    const startPlan = writePlan(
      path.join(startDir, 'plans'),
      'bench-start',
      commandPlan('bench-start', 'echo ok', 20),
    );
    const newest = await manyRuns({
      stateDir: startState,
      planFile: startPlan,
      runs: config.startRuns,
      events: config.startRunEvents,
      operator,
    });
    const starts: number[] = [];
    for (let n = 0; n < config.openRepetitions; n++) {
      starts.push(...(await startScreenTimes(tmux, startDir, startState, `bench-start / ${newest}`, 1)));
      hello.push(...(await helloInkFirstFrame(tmux, workDir, 1)));
    }

    progress('journal appends (fsynced)');
    createRun({
      stateDir,
      loaded: await loadPlanFile(resumePlan),
      run: 'short',
      operator,
      variables: {},
    }).close();
    const appendShort = await appendCost({
      stateDir,
      planFile: resumePlan,
      run: 'short',
      operator,
      target: 100,
      count: config.appends,
    });
    const appendLong = await appendCost({
      stateDir,
      planFile: resumePlan,
      run: 'long',
      operator,
      target: config.events,
      count: config.appends,
    });

    const bigWall = median(big.map((s) => s.wallMs));
    const fileMs = median(file);
    const rawMs = median(raw);
    const openRun = median(opens.map((s) => s.runFrameMs));
    const firstFrame = median(opens.map((s) => s.firstFrameMs));
    const inkFrame = median(opens.map((s) => s.inkFrameMs));
    const helloMs = median(hello.map((s) => s.ms));
    const resumeMs = median(resumes.map((s) => s.runFrameMs));
    const hugeMs = median(hugeResumes.map((s) => s.runFrameMs));
    return {
      throughput_ratio_vs_file: round(
        pairedRatio(
          big.map((s) => s.wallMs),
          file,
        ),
        3,
      ),
      runner_ratio_vs_file: round(pairedRatio(runner, runnerFile), 3),
      throughput_ratio_vs_tmux_raw: round(bigWall / rawMs, 3),
      tty_bytes_per_output_mb: Math.round(median(big.map((s) => s.ttyBytes)) / (config.bigBytes / MB)),
      rss_mb_20mb_output: round(median(small.map((s) => s.peakRssMb)), 1),
      rss_mb_200mb_output: round(median(big.map((s) => s.peakRssMb)), 1),
      first_frame_ms: Math.round(firstFrame),
      first_full_frame_ratio_vs_hello_ink: round(openRun / helloMs, 2),
      key_latency_ms_p95: Math.round(percentile(keys.samples, 95)),
      resume_100k_ratio_vs_hello_ink: round(resumeMs / helloMs, 2),
      resume_1m_ratio_vs_100k: round(hugeMs / resumeMs, 2),
      start_screen_ratio_vs_hello_ink: round(median(starts) / helloMs, 2),
      append_us_at_100: Math.round(appendShort.medianUs),
      append_us_at_100k: Math.round(appendLong.medianUs),
      nav_ms_1000_steps: round(median(nav.singleMs), 1),
      context: {
        output_mb: config.bigBytes / MB,
        small_output_mb: config.smallBytes / MB,
        repetitions: config.repetitions,
        cockpit_step_ms: samplesOf(big.map((s) => s.wallMs)),
        cockpit_step_wrapper_ms: samplesOf(big.map((s) => s.wrapperMs)),
        step_start_ms: round(median(big.map((s) => s.startMs)), 1),
        step_start_samples_ms: samplesOf(big.map((s) => s.startMs)),
        throughput_ratio_vs_file_wrapper_only: round(median(big.map((s) => s.wrapperMs)) / fileMs, 3),
        throughput_ratio_of_medians: round(bigWall / fileMs, 3),
        runner_ms: samplesOf(runner),
        runner_to_file_ms: samplesOf(runnerFile),
        runner_ratio_of_medians: round(median(runner) / median(runnerFile), 3),
        // Best against best: what is left when neither side met interference (this VM has a
        // fast and a slow mode, and the pairs' median moves with their mix).
        runner_ratio_of_best: round(Math.min(...runner) / Math.min(...runnerFile), 3),
        process_start_ms: round(median(fixedBash), 1),
        runner_fixed_ms: round(median(fixedRunner) - median(fixedBash), 1),
        runner_trivial_samples_ms: samplesOf(fixedRunner),
        bash_trivial_samples_ms: samplesOf(fixedBash),
        to_file_ms: samplesOf(file),
        tmux_raw_ms: samplesOf(raw),
        display_lag_ms: samplesOf(big.map((s) => s.displayLagMs)),
        tty_bytes_total: samplesOf(big.map((s) => s.ttyBytes)),
        tty_bytes_per_s: Math.round(
          median(big.map((s) => s.ttyBytes / ((s.wallMs + s.displayLagMs + 300) / 1000))),
        ),
        rss_mb_20mb_samples: samplesOf(small.map((s) => s.peakRssMb)),
        rss_mb_200mb_samples: samplesOf(big.map((s) => s.peakRssMb)),
        rss_growth_ratio: round(
          median(big.map((s) => s.peakRssMb)) / median(small.map((s) => s.peakRssMb)),
          3,
        ),
        first_frame_samples_ms: samplesOf(opens.map((s) => s.firstFrameMs)),
        ink_first_frame_ms: Math.round(inkFrame),
        ink_first_frame_samples_ms: samplesOf(opens.map((s) => s.inkFrameMs)),
        run_frame_ms: Math.round(openRun),
        run_frame_samples_ms: samplesOf(opens.map((s) => s.runFrameMs)),
        hello_ink_first_frame_ms: Math.round(helloMs),
        hello_ink_samples_ms: samplesOf(hello.map((s) => s.ms)),
        hello_ink_cpu_ms: Math.round(median(hello.map((s) => s.cpuMs))),
        run_frame_cpu_ms: Math.round(median(opens.map((s) => s.runFrameCpuMs))),
        resume_cpu_ms: Math.round(median(resumes.map((s) => s.runFrameCpuMs))),
        cockpit_cpu_ms_per_output_mb: round(median(big.map((s) => s.cpuMs)) / (config.bigBytes / MB), 2),
        key_latency_cockpit_cpu_ms_per_s: Math.round(keys.cpuMsPerS),
        nav_cpu_ms_per_press: round(nav.cpuMsPerPress, 1),
        key_latency_ms_p50: Math.round(percentile(keys.samples, 50)),
        key_presses: keys.samples.length,
        key_latency_samples_ms: samplesOf(keys.samples),
        key_latency_output_mb_per_s: round(keys.outputMbPerS, 1),
        flood_output_mb: Math.round(keys.outputMb),
        flood_rss_mb_start: round(keys.rssStartMb, 1),
        flood_rss_mb_end: round(keys.rssEndMb, 1),
        resume_events: fixture ? config.events : 0,
        resume_ms: Math.round(resumeMs),
        resume_journal_mb: round(fixture.bytes / MB, 1),
        resume_samples_ms: samplesOf(resumes.map((s) => s.runFrameMs)),
        resume_without_checkpoint_ms: Math.round(firstResume?.runFrameMs ?? Number.NaN),
        resume_checkpoint_mb: round(fileMb(path.join(path.dirname(fixture.journal), 'checkpoint.jsonl')), 1),
        journal_load_reduce_ms: Math.round(load.medianMs),
        resume_1m_events: config.eventsLarge,
        resume_1m_ms: Math.round(hugeMs),
        resume_1m_samples_ms: samplesOf(hugeResumes.map((s) => s.runFrameMs)),
        resume_1m_journal_mb: round(huge.bytes / MB, 1),
        resume_1m_checkpoint_mb: round(fileMb(path.join(path.dirname(huge.journal), 'checkpoint.jsonl')), 1),
        resume_1m_without_checkpoint_ms: Math.round(firstHuge?.runFrameMs ?? Number.NaN),
        resume_1m_cpu_ms: Math.round(median(hugeResumes.map((s) => s.runFrameCpuMs))),
        start_screen_runs: config.startRuns,
        start_screen_ms: Math.round(median(starts)),
        start_screen_samples_ms: samplesOf(starts),
        append_samples: config.appends,
        append_us_p95_at_100: Math.round(appendShort.p95Us),
        append_us_p95_at_100k: Math.round(appendLong.p95Us),
        nav_steps: config.manySteps,
        nav_burst_presses: config.burst,
        nav_single_press_ms_p95: Math.round(percentile(nav.singleMs, 95)),
        nav_single_press_samples_ms: samplesOf(nav.singleMs),
        nav_burst_ms_per_move: samplesOf(nav.burstMsPerMove),
        nav_burst_keys_sent: config.navBursts * config.burst,
        nav_burst_keys_lost: nav.burstKeysLost,
        bench_seconds: Math.round((nowMs() - started) / 1000),
      },
    };
  });
}

/** Median of the ratios of runs made side by side: drift of the machine cancels within a pair. */
function pairedRatio(measured: number[], baseline: number[]): number {
  return median(measured.map((value, n) => value / (baseline[n] ?? Number.NaN)));
}

function fileMb(file: string): number {
  try {
    return fs.statSync(file).size / MB;
  } catch {
    return Number.NaN;
  }
}

function samplesOf(values: number[]): number[] {
  return values.map((value) => round(value, 1));
}

function machine(): Record<string, string | number> {
  const tmuxVersion = (() => {
    try {
      return execFileSync('tmux', ['-V'], { encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  })();
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memory_gb: round(os.totalmem() / 1024 ** 3, 1),
    kernel: os.release(),
    node: process.version,
    tmux: tmuxVersion,
    tmpdir: os.tmpdir(),
  };
}

async function main(): Promise<number> {
  const args = new Set(process.argv.slice(2));
  for (const arg of args) {
    if (!['--json', '--quick', '--keep'].includes(arg)) {
      process.stderr.write(
        `bench: unknown option ${arg}\nusage: npm run bench [-- --json] [-- --quick] [-- --keep]\n`,
      );
      return 2;
    }
  }
  if (!fs.existsSync(CLI)) {
    process.stderr.write(`bench: ${CLI} is missing; run npm run build first\n`);
    return 2;
  }
  const config = configFor(args.has('--quick'));
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-bench-'));
  try {
    const figures = await measure(config, workDir);
    const remote = await remoteFollowBench({ quick: config.quick, progress });
    const result = {
      ...figures,
      remote,
      quick: config.quick,
      machine: machine(),
      generated_at: new Date().toISOString(),
    };
    process.stdout.write(
      args.has('--json')
        ? `${JSON.stringify(result, null, 2)}\n`
        : renderTable(result, config) + renderRemote(remote),
    );
    return 0;
  } finally {
    if (args.has('--keep')) progress(`kept ${workDir}`);
    else fs.rmSync(workDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
