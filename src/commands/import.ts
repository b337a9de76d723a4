// `release-cockpit import RUNBOOK.md > plan.yaml`: a Markdown runbook as a plan (see
// import/runbook.ts for what becomes what). The YAML is checked by the same loader as
// `validate` before it is printed; its header lists what a reviewer should look at.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { EXIT, ProblemsError, UserError } from '../errors.js';
import { ImportProblem } from '../import/blocks.js';
import { importRunbook } from '../import/runbook.js';
import { loadPlanText } from '../plan/load.js';
import { type Command, parseCommandArgs } from './context.js';

const USAGE = 'release-cockpit import RUNBOOK.md > plan.yaml';
const MAX_BYTES = 1024 * 1024;

const command: Command = async (ctx) => {
  const { positionals } = parseCommandArgs(ctx.args, {}, USAGE);
  if (positionals.length !== 1) throw new UserError(`import needs one Markdown file\nusage: ${USAGE}`);
  const file = positionals[0] as string;
  let text: string;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new UserError(`${file}: not a regular file`);
    if (info.size > MAX_BYTES)
      throw new UserError(`${file}: larger than 1 MiB; a runbook is a document, not data`);
    text = new TextDecoder('utf-8', { fatal: true }).decode(await readFile(file));
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(
      `${file}: ${code === 'ENOENT' ? 'no such file' : code ? `cannot read it (${code})` : 'not UTF-8 text'}`,
    );
  }
  const name = path.basename(file);
  let result: ReturnType<typeof importRunbook>;
  try {
    result = importRunbook(text, name);
  } catch (error) {
    if (error instanceof ImportProblem) throw new UserError(`${file}:${error.line}: ${error.reason}`);
    throw error;
  }
  const header = [
    `# yaml-language-server: $schema=plan.schema.json`,
    `# Imported from ${name} by release-cockpit import: review it before running (each step names its line).`,
    ...result.notes.map((note) => `# - ${note}`),
  ];
  const yaml = `${header.join('\n')}\n${stringify(result.plan, { lineWidth: 0 })}`;
  try {
    loadPlanText(yaml, `${name}.yaml`);
  } catch (error) {
    if (!(error instanceof ProblemsError)) throw error;
    throw new ProblemsError(
      [
        `${file}: the imported plan does not validate; fix the runbook at these steps' lines:`,
        ...error.lines,
      ],
      EXIT.badInput,
    );
  }
  ctx.stdout.write(yaml);
  return EXIT.ok;
};
export default command;
