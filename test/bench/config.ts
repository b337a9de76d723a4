// Sizes and repetitions: the full bench (< 10 min on 2 cores) and a quick one for the smoke test.
const MB = 1024 * 1024;

export interface BenchConfig {
  quick: boolean;
  bigBytes: number;
  smallBytes: number;
  repetitions: number;
  /** Pairs of the big command through the runner alone and into a file. */
  runnerRepetitions: number;
  /** Trivial steps through the runner and through bash, for the fixed cost of a step. */
  fixedRepetitions: number;
  openRepetitions: number;
  presses: number;
  manySteps: number;
  navBursts: number;
  burst: number;
  navSingles: number;
  events: number;
  /** The long journal of resume_1m_ratio_vs_100k. */
  eventsLarge: number;
  /** Runs in the state directory of start_screen_ratio_vs_hello_ink, and events in each. */
  startRuns: number;
  startRunEvents: number;
  appends: number;
}

export function configFor(quick: boolean): BenchConfig {
  return quick
    ? {
        quick,
        bigBytes: 4 * MB,
        smallBytes: 1 * MB,
        repetitions: 1,
        runnerRepetitions: 2,
        fixedRepetitions: 3,
        openRepetitions: 1,
        presses: 4,
        manySteps: 1000,
        navBursts: 1,
        burst: 5,
        navSingles: 2,
        events: 1000,
        eventsLarge: 10_000,
        startRuns: 5,
        startRunEvents: 20,
        appends: 20,
      }
    : {
        quick,
        bigBytes: 200 * MB,
        smallBytes: 20 * MB,
        repetitions: 5,
        runnerRepetitions: 41,
        fixedRepetitions: 21,
        openRepetitions: 5,
        presses: 30,
        manySteps: 1000,
        navBursts: 3,
        burst: 50,
        navSingles: 30,
        events: 100_000,
        eventsLarge: 1_000_000,
        startRuns: 200,
        startRunEvents: 100,
        appends: 200,
      };
}
