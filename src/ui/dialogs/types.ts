// The dialogs of the main screen, as data. Callbacks run the operator's decision; the screen
// closes the dialog and reports errors.
import type { Tone } from '../theme.js';
import type { TextField } from './text-edit.js';

export type Dialog =
  | {
      kind: 'confirm';
      title: string;
      body: string[];
      tone?: Tone;
      /** Shown above the body in the warning colour (earlier steps not finished). */
      notice?: string;
      onYes: () => Promise<unknown> | unknown;
    }
  | {
      kind: 'text';
      title: string;
      prompt: string;
      field: TextField;
      mask: boolean;
      hint?: string;
      /** Enter was pressed on an invalid value: its error shows even when the field is empty. */
      tried?: boolean;
      /** Checked as typed; an error blocks Enter. */
      validate: (value: string) => string | null;
      onSubmit: (value: string) => Promise<unknown> | unknown;
    }
  | {
      kind: 'typed';
      title: string;
      command: string[];
      word: string;
      notice?: string;
      field: TextField;
      tried: boolean;
      onSubmit: (word: string) => Promise<unknown> | unknown;
    }
  | {
      kind: 'unknown';
      stepId: string;
      title: string;
      index: number;
      hasVerify: boolean;
      result: string | null;
    }
  | { kind: 'rollback'; stage: 'pick' | 'word'; index: number; field: TextField; tried: boolean }
  | { kind: 'leave'; running: number };

export const UNKNOWN_CHOICES = ['rerun', 'verify', 'done', 'failed'] as const;
export type UnknownChoice = (typeof UNKNOWN_CHOICES)[number];
