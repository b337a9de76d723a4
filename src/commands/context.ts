// What every subcommand receives: its own arguments and the global options, parsed once.
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UserError } from '../errors.js';

export interface GlobalOptions {
  stateDir: string | undefined;
  operator: string | undefined;
  lang: string | undefined;
}

export interface CommandContext {
  /** Arguments after the subcommand name, global options removed. */
  args: string[];
  global: GlobalOptions;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

export type Command = (ctx: CommandContext) => Promise<number>;

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs with usage errors turned into one-line UserErrors (exit 2). */
export function parseCommandArgs<T extends Options>(args: string[], options: T, usage: string) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UserError(`${message}\nusage: ${usage}`);
  }
}
