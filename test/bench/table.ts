// The readable form of the figures: one row per figure with its goal and whether it is met,
// then how each figure was measured.
import type { BenchConfig } from './config.js';

export interface Figures {
  throughput_ratio_vs_file: number;
  runner_ratio_vs_file: number;
  throughput_ratio_vs_tmux_raw: number;
  tty_bytes_per_output_mb: number;
  rss_mb_20mb_output: number;
  rss_mb_200mb_output: number;
  first_frame_ms: number;
  first_full_frame_ratio_vs_hello_ink: number;
  key_latency_ms_p95: number;
  resume_100k_ratio_vs_hello_ink: number;
  resume_1m_ratio_vs_100k: number;
  start_screen_ratio_vs_hello_ink: number;
  append_us_at_100: number;
  append_us_at_100k: number;
  nav_ms_1000_steps: number;
  context: Record<string, number | number[]>;
}

interface Goal {
  text: string;
  met: (f: Figures) => boolean | null;
}

const KB_PER_MB_BUDGET = 10_486; // 1 % of a MB

/** The goals of the issue as checks; null where the issue sets no goal. */
export const GOALS: Record<keyof Omit<Figures, 'context'>, Goal> = {
  throughput_ratio_vs_file: { text: '≤ 1.05', met: (f) => f.throughput_ratio_vs_file <= 1.05 },
  runner_ratio_vs_file: { text: '≤ 1.05', met: (f) => f.runner_ratio_vs_file <= 1.05 },
  throughput_ratio_vs_tmux_raw: { text: '< 1', met: (f) => f.throughput_ratio_vs_tmux_raw < 1 },
  tty_bytes_per_output_mb: {
    text: '< 1 % of output',
    met: (f) => f.tty_bytes_per_output_mb < KB_PER_MB_BUDGET,
  },
  rss_mb_20mb_output: { text: 'baseline', met: () => null },
  rss_mb_200mb_output: {
    text: '≤ 1.10 × 20 MB figure',
    met: (f) => f.rss_mb_200mb_output <= 1.1 * f.rss_mb_20mb_output,
  },
  first_frame_ms: { text: '≤ 1000', met: (f) => f.first_frame_ms <= 1000 },
  first_full_frame_ratio_vs_hello_ink: {
    text: '≤ 0.6',
    met: (f) => f.first_full_frame_ratio_vs_hello_ink <= 0.6,
  },
  key_latency_ms_p95: { text: '≤ 50', met: (f) => f.key_latency_ms_p95 <= 50 },
  resume_100k_ratio_vs_hello_ink: { text: '≤ 1.0', met: (f) => f.resume_100k_ratio_vs_hello_ink <= 1 },
  resume_1m_ratio_vs_100k: { text: '≤ 2', met: (f) => f.resume_1m_ratio_vs_100k <= 2 },
  start_screen_ratio_vs_hello_ink: { text: '≤ 0.8', met: (f) => f.start_screen_ratio_vs_hello_ink <= 0.8 },
  append_us_at_100: { text: 'baseline', met: () => null },
  append_us_at_100k: {
    text: '≈ at 100 (±50 %)',
    met: (f) => f.append_us_at_100k <= 1.5 * f.append_us_at_100,
  },
  nav_ms_1000_steps: { text: 'no lag (≤ 100, as a key)', met: (f) => f.nav_ms_1000_steps <= 100 },
};

function contextOf(f: Figures, key: keyof Omit<Figures, 'context'>): string {
  const c = f.context;
  const n = (name: string) => c[name] as number;
  switch (key) {
    case 'throughput_ratio_vs_file':
      return `cockpit ${median(c.cockpit_step_ms)} ms, file ${median(c.to_file_ms)} ms (ratio of medians ${n('throughput_ratio_of_medians')}); key to command running ${n('step_start_ms')} ms; wrapper alone ${n('throughput_ratio_vs_file_wrapper_only')}×; cockpit CPU ${n('cockpit_cpu_ms_per_output_mb')} ms/MB`;
    case 'runner_ratio_vs_file':
      return `runner alone ${median(c.runner_ms)} ms, file ${median(c.runner_to_file_ms)} ms (ratio of medians ${n('runner_ratio_of_medians')}); a step's fixed cost ${n('runner_fixed_ms')} ms over one process start (bash -c true: ${n('process_start_ms')} ms)`;
    case 'throughput_ratio_vs_tmux_raw':
      return `raw tmux pane ${median(c.tmux_raw_ms)} ms`;
    case 'tty_bytes_per_output_mb':
      return `${median(c.tty_bytes_total)} B in all, ${n('tty_bytes_per_s')} B/s`;
    case 'rss_mb_200mb_output':
      return `${n('rss_growth_ratio')}× the 20 MB figure; RSS ${n('flood_rss_mb_start')} → ${n('flood_rss_mb_end')} MB over a ${n('flood_output_mb')} MB flood`;
    case 'first_frame_ms':
      return `the opening line; ink's first frame after ${n('ink_first_frame_ms')} ms, the run on screen after ${n('run_frame_ms')} ms`;
    case 'first_full_frame_ratio_vs_hello_ink':
      return `the run on screen after ${n('run_frame_ms')} ms (the bundle); ink's first frame ${n('ink_first_frame_ms')} ms, hello-ink ${n('hello_ink_first_frame_ms')} ms; CPU to the run on screen ${n('run_frame_cpu_ms')} ms, hello-ink ${n('hello_ink_cpu_ms')} ms`;
    case 'key_latency_ms_p95':
      return `p50 ${n('key_latency_ms_p50')} ms; ${n('key_presses')} presses, step printing ${n('key_latency_output_mb_per_s')} MB/s, cockpit CPU ${n('key_latency_cockpit_cpu_ms_per_s')} ms/s`;
    case 'resume_100k_ratio_vs_hello_ink':
      return `${n('resume_ms')} ms from the checkpoint (${n('resume_checkpoint_mb')} MB), ${n('resume_without_checkpoint_ms')} ms without; ${n('resume_journal_mb')} MB journal, cockpit CPU ${n('resume_cpu_ms')} ms; library load+verify+reduce ${n('journal_load_reduce_ms')} ms`;
    case 'resume_1m_ratio_vs_100k':
      return `${n('resume_1m_ms')} ms from the checkpoint (${n('resume_1m_checkpoint_mb')} MB), ${n('resume_1m_without_checkpoint_ms')} ms without; ${n('resume_1m_journal_mb')} MB journal, cockpit CPU ${n('resume_1m_cpu_ms')} ms`;
    case 'start_screen_ratio_vs_hello_ink':
      return `${n('start_screen_ms')} ms until the newest of ${n('start_screen_runs')} runs is listed`;
    case 'append_us_at_100':
      return `p95 ${n('append_us_p95_at_100')} µs, fsync per event`;
    case 'append_us_at_100k':
      return `p95 ${n('append_us_p95_at_100k')} µs`;
    case 'nav_ms_1000_steps':
      return `p95 ${n('nav_single_press_ms_p95')} ms, CPU ${n('nav_cpu_ms_per_press')} ms/press; bursts of ${n('nav_burst_presses')} j: ${median(c.nav_burst_ms_per_move)} ms/step, ${n('nav_burst_keys_lost')} of ${n('nav_burst_keys_sent')} keys lost`;
    default:
      return '';
  }
}

function median(values: number | number[] | undefined): number {
  const list = Array.isArray(values) ? [...values].sort((a, b) => a - b) : [values ?? Number.NaN];
  return list[Math.floor(list.length / 2)] as number;
}

const METHOD = [
  'throughput: a step printing coloured lines (head -c N < <(yes LINE)); wall time from the key that confirms the run to exit.json, cockpit tailing live in a 120×40 tmux pane; vs bash redirecting the same command to a file; vs the command printing into a fresh 120×40 tmux pane until it signals (tmux wait-for). Repetitions interleaved; the ratio is the median of the ratios of side-by-side runs.',
  'runner alone: the same command through startAttempt (wrapper, step lock, detached start, exit record) called from the bench process, no cockpit, from the call to exit.json; fixed cost: `true` through the runner minus `bash -c true` spawned from the bench, medians of interleaved runs.',
  'keys: sent through one tmux control-mode client (tmux -C), not a tmux process per key (~10 ms to start here).',
  'tty bytes: tmux pipe-pane on the cockpit pane from that key until the frame shows the step succeeded (+300 ms), divided by the output in MB.',
  'rss: VmHWM (peak resident set) of the cockpit process after the step, a fresh cockpit per repetition; also VmRSS when the key presses begin and end while a step floods (seconds of output at full speed).',
  'first frame: the window waits on a tmux channel with pipe-pane attached; from opening the channel (exec node) to the first visible text the program writes to its terminal (the cockpit’s opening line, written before ink loads), and to ink’s first frame (its synchronized-output mark, ESC [?2026h); the one-line ink program measured the same way, and the ratio compares ink’s first frames. Frames are read from pipe-pane bytes, not capture-pane polling, so measuring does not load the machine.',
  'key latency: j/k alternately while a step prints endlessly (yes LINE); from send-keys to the first bytes on the terminal that draw the selection marker on the expected step.',
  'resume: a run of N valid chained events (fixture written without per-line fsync), opened once first (the whole journal read; it leaves the checkpoint, as the first open after an upgrade does); program start to the header naming the run (first_frame_ms is the earlier "opening…" frame); the 1M run the same, its opens interleaved with the 100k run’s.',
  'start screen: 200 runs of one plan (100 events each, each closed by a writer as a session leaves it) and the plan in ./plans; program start (no PLAN) to the frame listing the newest run.',
  'append: RunStore.event (one write + fsync) median of the samples at ~100 and at N events.',
  'nav: plan of 1,000 note steps; single j presses, send-keys to the bytes that draw the next step selected (median); then bursts of j in one send-keys (arriving in one read, like key repeat over SSH): ms per step moved and keys lost.',
];

export function renderTable(
  result: Figures & { machine: Record<string, string | number> },
  config: BenchConfig,
): string {
  const rows: string[][] = [['figure', 'value', 'goal', 'met', 'context']];
  for (const key of Object.keys(GOALS) as (keyof typeof GOALS)[]) {
    const goal = GOALS[key];
    const met = goal.met(result);
    rows.push([
      key,
      String(result[key]),
      goal.text,
      met === null ? '' : met ? 'yes' : 'NO',
      contextOf(result, key),
    ]);
  }
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((row) => (row[col] ?? '').length))) ?? [];
  const lines = rows.map((row) =>
    row
      .map((cell, col) => cell.padEnd(widths[col] ?? 0))
      .join('  ')
      .trimEnd(),
  );
  lines.splice(1, 0, widths.map((w) => '─'.repeat(w)).join('  '));
  const m = result.machine;
  const header = `release-cockpit bench${config.quick ? ' (quick: small sizes, not for comparison)' : ''} — ${m.cores} × ${m.cpu}, node ${m.node}, ${m.tmux}; ${result.context.bench_seconds} s`;
  return `${header}\n\n${lines.join('\n')}\n\n${METHOD.map((line) => `* ${line}`).join('\n')}\n`;
}
