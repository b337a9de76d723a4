// The plan format: one strict zod schema. Every object is strict so an unknown key is an
// error (the loader turns it into "did you mean …"). The JSON Schema for editors is generated
// from this file (`release-cockpit schema`), so descriptions here are what editors show.
import { z } from 'zod';

/** Step and phase ids: stable keys in the journal, so kept simple and shell-free. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
/** Variable names: they become environment variables, so POSIX-ish upper case. */
export const VARIABLE_NAME_PATTERN = /^[A-Z][A-Z0-9_]{0,63}$/;
/** A point relative to T0: `T0`, `T-7`, `T+3`, optionally with an hour/minute shift: `T0-2h`, `T-1+10h`. */
export const OFFSET_PATTERN = /^T(?:0|[+-][1-9][0-9]?)(?:[+-][0-9]{1,3}[hm])?$/;
/** A window: one offset or `FROM..TO`. */
export const WINDOW_PATTERN =
  /^T(?:0|[+-][1-9][0-9]?)(?:[+-][0-9]{1,3}[hm])?(?:\.\.T(?:0|[+-][1-9][0-9]?)(?:[+-][0-9]{1,3}[hm])?)?$/;
/** Durations: `500ms`, `90s`, `30m`, `2h`. */
export const DURATION_PATTERN = /^[0-9]+(?:ms|s|m|h)$/;
/** A seed section reference such as `§4.5.3` or `§6`, or a runbook line `RUNBOOK.md:42` (import). */
export const SOURCE_PATTERN = /^(?:§[0-9]+(?:\.[0-9]+)*|[A-Za-z0-9._/-]+:[1-9][0-9]*)$/;
/** A Unix login as useradd accepts it (the portable subset). */
export const LOGIN_PATTERN = /^[a-z_][a-z0-9_-]{0,31}$/;

const id = z.string().regex(ID_PATTERN, 'must be lower case letters, digits, ".", "_" or "-" (at most 64)');
const variableName = z
  .string()
  .regex(VARIABLE_NAME_PATTERN, 'must be an upper-case name such as RELEASE_TAG (letters, digits, "_")');
const duration = z.string().regex(DURATION_PATTERN, 'must be a duration such as 500ms, 90s, 30m or 2h');
const offset = z
  .string()
  .regex(OFFSET_PATTERN, 'must be a point relative to T0 such as T-7, T0, T+3 or T0-2h');
const nonEmpty = z.string().trim().min(1, 'must not be empty');
const roleRef = z.string().regex(ID_PATTERN, 'must name a role declared under roles');
const login = z
  .string()
  .regex(LOGIN_PATTERN, 'must be a Unix login (lower case letters, digits, "_" or "-")');

export const RoleSchema = z
  .strictObject({
    duty: nonEmpty.describe('What this role is responsible for in the release.'),
    owner: nonEmpty.describe('Who holds the role (a position or a name).'),
    channel: nonEmpty.describe('How to reach them: chat channel, phone, mail list.'),
    logins: z
      .union([
        z.array(login).min(1),
        z.string().regex(/^\$[A-Z][A-Z0-9_]*$/, 'must be a list of logins or "$VARIABLE" holding one'),
      ])
      .optional()
      .describe(
        'Unix logins on the bastion that hold this role (for sign-offs): a list, or "$VAR" with a space/comma separated list. A team.yaml in the state directory wins for the roles it names.',
      ),
  })
  .describe('A role of the release team (seed §2).');

export const VariableSchema = z
  .strictObject({
    description: nonEmpty,
    pattern: z
      .string()
      .min(1)
      .optional()
      .describe('Regular expression the whole value must match (it is anchored for you).'),
    default: z.string().optional(),
    required: z.boolean().default(true),
    secret: z.boolean().default(false).describe('Never shown, journaled or reported; masked in output.'),
    example: z.string().optional(),
    freeText: z
      .boolean()
      .default(false)
      .describe('Allow a value with no pattern to reach commands (it still arrives as data, never as code).'),
  })
  .describe('A value the operator gives; reaches commands only as an environment variable.');

const hostsSchema = z
  .union([
    z.array(nonEmpty).min(1),
    z.string().regex(/^\$[A-Z][A-Z0-9_]*$/, 'must be a list of hosts or "$VARIABLE" holding one'),
  ])
  .describe(
    'Run on these ssh host aliases instead of locally: a list, or "$VAR" with a space/comma separated list.',
  );

/** Who must sign a step or the rollback decision off before it can be passed. */
export const SignoffSchema = z
  .union([
    roleRef,
    z.strictObject({
      roles: z.array(roleRef).min(1),
      distinct: z
        .boolean()
        .default(false)
        .describe('Each role signed by a different login (two people, not one holding both roles).'),
    }),
  ])
  .describe(
    'A sign-off by role: `tech-lead`, or `{roles: [tech-lead, dba], distinct: true}`. Until it is given the step cannot be started, completed, skipped or marked done.',
  );

const stepBase = {
  id: id.describe('Unique in the plan; the journal keys history by it.'),
  title: nonEmpty,
  description: z.string().optional(),
  owner: roleRef.optional(),
  due: offset.optional().describe('When the step is due relative to T0.'),
  source: z
    .union([
      z
        .string()
        .regex(
          SOURCE_PATTERN,
          'must name a seed section such as §4.5.3 or a runbook line such as RUNBOOK.md:42',
        ),
      z
        .array(
          z
            .string()
            .regex(
              SOURCE_PATTERN,
              'must name a seed section such as §4.5.3 or a runbook line such as RUNBOOK.md:42',
            ),
        )
        .min(1),
    ])
    .optional()
    .describe('The section(s) of the release document this step implements.'),
  signoff: SignoffSchema.optional(),
};

const commandFields = {
  run: nonEmpty.describe('Bash script. Use plan variables as "$NAME": they arrive as environment variables.'),
  cwd: z.string().optional().describe('Working directory; may use {{NAME}}.'),
  env: z.record(variableName, z.string()).optional().describe('Extra environment; values may use {{NAME}}.'),
  hosts: hostsSchema.optional(),
  concurrency: z.number().int().min(1).max(64).optional().describe('Hosts run at once (default 4).'),
  allowHostFailures: z.boolean().optional().describe('The step succeeds even when some hosts fail.'),
  timeout: duration.optional(),
};

export const ManualStepSchema = z.strictObject({
  ...stepBase,
  kind: z.literal('manual'),
  items: z.array(nonEmpty).min(1).describe('The checklist the operator confirms item by item.'),
});

export const CommandStepSchema = z.strictObject({
  ...stepBase,
  kind: z.literal('command'),
  ...commandFields,
  retries: z
    .strictObject({ count: z.number().int().min(1).max(20), delay: duration.default('5s') })
    .optional()
    .describe('Run again after a failure, up to count more times.'),
  confirm: z
    .string()
    .regex(/^\S{2,32}$/, 'must be one word of 2 to 32 characters')
    .optional()
    .describe('A dangerous step: the operator must type this word to start it.'),
  verify: nonEmpty
    .optional()
    .describe('Exits 0 when the step’s effect is in place; used when an outcome is unknown.'),
  artifact: z.boolean().optional().describe('Keep this step’s log for the release report.'),
  batch: z
    .union([
      z.number().int().min(1).max(10_000),
      z.string().regex(/^(?:[1-9][0-9]?|100)%$/, 'must be a number of hosts or a percentage such as 25%'),
    ])
    .optional()
    .describe(
      'Rolling fan-out: hosts per batch (or a percentage of them); the next batch starts when one has ended.',
    ),
  maxFailures: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe('Failed hosts (in total) beyond which no further batch starts (default 0).'),
  health: nonEmpty
    .optional()
    .describe(
      'Bash script run on the bastion after each batch but the last ($RC_BATCH, $RC_BATCH_HOSTS); a non-zero exit stops the rollout.',
    ),
  cancelGrace: duration
    .optional()
    .describe(
      'Cancel sends SIGINT, then SIGTERM, then SIGKILL (on each host for steps with hosts), this long apart (default 5s).',
    ),
  capture: variableName.optional().describe('Store the command’s trimmed output in this variable.'),
});

export const GateStepSchema = z.strictObject({
  ...stepBase,
  kind: z.literal('gate'),
  ...commandFields,
  interval: duration.default('10s'),
  timeout: duration.default('30m'),
});

export const PromptStepSchema = z.strictObject({
  ...stepBase,
  kind: z.literal('prompt'),
  variable: variableName.describe('The variable whose value the operator enters (validated by its pattern).'),
});

export const MessageStepSchema = z.strictObject({
  ...stepBase,
  kind: z.literal('message'),
  channel: z.string().optional().describe('Where the text goes (for the operator and the report).'),
  template: nonEmpty.describe('The text, with {{NAME}} replaced by variable values.'),
  send: nonEmpty
    .optional()
    .describe('Bash command that sends it; gets the text on stdin and its path in $RC_MESSAGE_FILE.'),
});

export const NoteStepSchema = z.strictObject({
  ...stepBase,
  kind: z.literal('note'),
  text: nonEmpty,
});

export const StepSchema = z.discriminatedUnion('kind', [
  ManualStepSchema,
  CommandStepSchema,
  GateStepSchema,
  PromptStepSchema,
  MessageStepSchema,
  NoteStepSchema,
]);

export const PhaseSchema = z.strictObject({
  id,
  title: nonEmpty,
  description: z.string().optional(),
  window: z
    .string()
    .regex(WINDOW_PATTERN, 'must be a window relative to T0 such as T-7..T-1, T0 or T+1..T+7')
    .describe('When this phase happens relative to T0.'),
  owner: roleRef.optional(),
  source: stepBase.source,
  steps: z.array(StepSchema).min(1),
});

export const RollbackSchema = z.strictObject({
  title: nonEmpty.default('Rollback'),
  source: stepBase.source,
  confirm: z
    .string()
    .regex(/^\S{2,32}$/, 'must be one word of 2 to 32 characters')
    .default('ROLLBACK'),
  signoff: SignoffSchema.optional().describe('Who must sign the rollback off before it can be decided.'),
  criteria: z
    .array(z.strictObject({ id, text: nonEmpty, source: stepBase.source }))
    .min(1)
    .describe('When to roll back (the operator picks one when deciding).'),
  steps: z.array(StepSchema).min(1).describe('The rollback path, run in order after the decision.'),
});

export const ArtifactSchema = z.strictObject({
  title: nonEmpty,
  source: stepBase.source,
  steps: z.array(id).min(1).describe('Ids of steps whose logs or messages the report must carry.'),
});

export const PlanSchema = z
  .strictObject({
    $schema: z.string().optional(),
    id,
    title: nonEmpty,
    version: z.union([z.string().min(1), z.number()]),
    language: z.string().regex(/^[a-z]{2}(?:-[A-Z]{2})?$/, 'must be a language tag such as ru or en'),
    description: z.string().optional(),
    t0: variableName
      .optional()
      .describe('The variable that holds T0 (ISO date-time, e.g. 2026-12-01T22:00+03:00).'),
    roles: z.record(id, RoleSchema).default({}),
    variables: z.record(variableName, VariableSchema).default({}),
    phases: z.array(PhaseSchema).min(1),
    rollback: RollbackSchema.optional(),
    artifacts: z.array(ArtifactSchema).default([]),
    reconnectFor: duration
      .optional()
      .describe(
        'How long a host of a running step may be out of reach before it is shown unreachable for a decision (default 10m).',
      ),
  })
  .describe('A release plan for release-cockpit.');

export type Plan = z.infer<typeof PlanSchema>;
export type Role = z.infer<typeof RoleSchema>;
export type Variable = z.infer<typeof VariableSchema>;
export type Phase = z.infer<typeof PhaseSchema>;
export type Step = z.infer<typeof StepSchema>;
export type StepKind = Step['kind'];
export type ManualStep = z.infer<typeof ManualStepSchema>;
export type CommandStep = z.infer<typeof CommandStepSchema>;
export type GateStep = z.infer<typeof GateStepSchema>;
export type PromptStep = z.infer<typeof PromptStepSchema>;
export type MessageStep = z.infer<typeof MessageStepSchema>;
export type NoteStep = z.infer<typeof NoteStepSchema>;
export type Rollback = z.infer<typeof RollbackSchema>;
export type Artifact = z.infer<typeof ArtifactSchema>;
export type Signoff = z.infer<typeof SignoffSchema>;
/** Steps that run a shell command (locally or on hosts). */
export type ExecStep = CommandStep | GateStep;
