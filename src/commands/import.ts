import { EXIT } from '../errors.js';
import type { Command } from './context.js';

const command: Command = async () => EXIT.failure;
export default command;
