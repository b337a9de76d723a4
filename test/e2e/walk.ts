// Steps of a keyboard walk through the demo plan, shared by the e2e tests: what to wait for on
// the screen after each key, so a test reads like the operator's own walk.
import { expect } from 'vitest';
import { builtCliMissing } from '../helpers/cli.js';
import { tmuxMissing } from '../helpers/tools.js';
import type { Terminal } from './tmux.js';

/** Why the cockpit cannot run in tmux here (tmux missing, no dist/cli.js), or null. */
export const cannotRun = tmuxMissing() ?? builtCliMissing();

export const RELEASE_AT = 'RELEASE_AT=2026-12-01T22:00+03:00';
export const STEPS = 13;

/** The header's progress "n/13", bounded by spaces so "Checklist 1/3" never matches. */
export function progress(done: number, total = STEPS): RegExp {
  return new RegExp(`\\s${done}/${total}\\s`);
}

/** The detail pane's text (right of the first │) as one line: wrapped text reads whole again. */
export function detailText(screen: string): string {
  return screen
    .split('\n')
    .filter((line) => line.includes('│'))
    .map((line) => line.slice(line.indexOf('│') + 1).trim())
    .join(' ');
}

/** Enter opens the step's dialog, Enter again accepts it; waits for the dialog in between. */
export async function runSelected(term: Terminal, dialog: RegExp | string): Promise<void> {
  term.sendKeys('Enter');
  await term.waitForText(dialog);
  term.sendKeys('Enter');
}

/** The title line of the detail pane: the selected step. */
export async function selected(term: Terminal, title: string): Promise<string> {
  return term.waitForScreen(
    (screen) => screen.split('\n').some((line) => line.startsWith('›') && line.includes(title)),
    `"${title}" selected`,
  );
}

/** Confirms a checklist of n items, one dialog per item. */
export async function tickAll(term: Terminal, items: number, firstItem?: string): Promise<void> {
  for (let i = 1; i <= items; i += 1) {
    term.sendKeys('Enter');
    const screen = await term.waitForText(`Confirm checklist item ${i}/${items}:`);
    if (i === 1 && firstItem) {
      // The dialog shows the item as the detail pane does, variables filled in.
      const dialog = screen.slice(screen.indexOf(`Confirm checklist item ${i}/${items}:`));
      expect(dialog).toContain(firstItem);
    }
    term.sendKeys('Enter');
    if (i < items) await term.waitForText(`Checklist ${i}/${items}`);
  }
}
