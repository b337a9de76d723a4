// Placeholder until its issue lands: says so honestly instead of pretending to work.

import { EXIT } from '../errors.js';
import type { Command } from './context.js';

const command: Command = async (ctx) => {
  ctx.stderr.write('release-cockpit: "status" is not built yet\n');
  return EXIT.failure;
};
export default command;
