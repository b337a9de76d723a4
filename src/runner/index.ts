// The runner's public API: start a step detached, look at it later from any process, cancel
// it, follow its log, run short captured commands, and warn about logind.
export { type CancelOptions, type CancelSignal, cancelAttempt } from './cancel.js';
export { type CapturedResult, type RunCapturedOptions, runCaptured } from './captured.js';
export {
  buildStepEnv,
  OUTPUT_FRIENDLY_DEFAULTS,
  RC_ATTEMPT,
  RC_ATTEMPT_DIR,
  RC_HOST,
  RC_RUN_DIR,
  RC_STEP_ID,
  stepIdentityEnv,
  unsafeEnvName,
} from './env.js';
export { type AttemptInspection, inspectAttempt, type WaitOptions, waitForExit } from './inspect.js';
export { killUserProcessesWarning } from './logind.js';
export {
  ATTEMPT_FILES,
  attemptHosts,
  type ExitRecord,
  type HostExitRecord,
  type HostState,
  type PidRecord,
  readAttemptExit,
  readHostExits,
  readHostStates,
  readPidRecord,
  type WrapperPidRecord,
} from './records.js';
export { DEFAULT_RECONNECT_FOR_MS, isRemoteAttempt, type RemoteOptions, remoteKey } from './remote-start.js';
export { lastSegment, sanitizeLine, stripAnsi } from './sanitize.js';
export { type SettleOptions, type StartSettlement, settleAttemptStart } from './settle.js';
export { DEFAULT_HOST_CONCURRENCY, invalidHost, type SshOptions } from './ssh.js';
export { type StartAttemptOptions, startAttempt } from './start.js';
export { stopWaitingForUnreachable } from './stop-waiting.js';
export { createLogTail, type LogTail, type LogTailOptions, readLogTail } from './tail.js';
export { SCRIPT_BASH_FLAGS, WRAPPER_LOCKED_EXIT } from './wrapper.js';
