// A light reading of a bash script: which upper-case variables it expands and which names it
// assigns itself. Not a bash parser: it knows quotes, escapes, comments and here-documents,
// which is what decides whether `$NAME` is an expansion (awk's '$NF' is not).

export interface VariableReference {
  name: string;
  /** Offset of the `$` in the script. */
  offset: number;
  /** The text as written: `$NAME` or `${NAME…`. */
  text: string;
}

const UPPER_NAME = /^[A-Z][A-Z0-9_]*$/;
const WORD_START = /[\s;&|()`]/;

interface PendingHeredoc {
  delimiter: string;
  expands: boolean;
  stripTabs: boolean;
}

/** Every `$NAME` / `${NAME}` with an upper-case name that bash would expand, in order. */
export function scanReferences(script: string): VariableReference[] {
  const found: VariableReference[] = [];
  let i = 0;
  let inDouble = false;
  let heredocs: PendingHeredoc[] = [];
  const n = script.length;
  while (i < n) {
    const ch = script[i] as string;
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === '$') {
      i = readReference(script, i, found);
      continue;
    }
    if (inDouble) {
      if (ch === '"') inDouble = false;
      i++;
      continue;
    }
    if (ch === '"') inDouble = true;
    else if (ch === "'") i = skipPast(script, i + 1, "'") - 1;
    else if (ch === '#' && (i === 0 || WORD_START.test(script[i - 1] as string))) {
      i = lineEnd(script, i) - 1;
    } else if (ch === '<' && script[i + 1] === '<' && script[i + 2] !== '<') {
      const heredoc = /^<<(-?)\s*(['"]?)\\?([A-Za-z_][A-Za-z0-9_]*)\2/.exec(script.slice(i));
      if (heredoc) {
        heredocs.push({
          delimiter: heredoc[3] as string,
          expands: heredoc[2] === '',
          stripTabs: heredoc[1] === '-',
        });
        i += heredoc[0].length;
        continue;
      }
    } else if (ch === '\n' && heredocs.length > 0) {
      i = readHeredocBodies(script, i + 1, heredocs, found);
      heredocs = [];
      continue;
    }
    i++;
  }
  return found;
}

/** Names the script gives values itself: NAME=, export/local/declare NAME, read A B, for NAME in. */
export function scanAssignments(script: string): Set<string> {
  const names = new Set<string>();
  const patterns = [
    /(?:^|[\s;&|(])(?:(?:export|local|declare|typeset|readonly)\s+(?:-[a-zA-Z]+\s+)*)?([A-Za-z_][A-Za-z0-9_]*)(?:\[[^\]\n]*\])?\+?=/g,
    /(?:^|[\s;&|(])(?:local|declare|typeset)\s+(?:-[a-zA-Z]+\s+)*([A-Za-z_][A-Za-z0-9_]*)/g,
    /(?:^|[\s;&|(])(?:for|select)\s+([A-Za-z_][A-Za-z0-9_]*)\s+in\b/g,
    /(?:^|[\s;&|(])(?:printf\s+-v|mapfile|readarray|getopts\s+\S+)\s+(?:-[a-zA-Z]+\s+)*([A-Za-z_][A-Za-z0-9_]*)/g,
  ];
  for (const pattern of patterns) {
    for (const match of script.matchAll(pattern)) names.add(match[1] as string);
  }
  for (const match of script.matchAll(/(?:^|[\s;&|(])read\s+([^;&|<>\n)]*)/g)) {
    for (const word of (match[1] as string).split(/\s+/)) {
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(word)) names.add(word);
    }
  }
  return names;
}

function readReference(script: string, start: number, found: VariableReference[]): number {
  const next = script[start + 1];
  if (next === '{') {
    const match = /^\$\{[#!]?([A-Za-z_][A-Za-z0-9_]*)/.exec(script.slice(start, start + 80));
    if (match && UPPER_NAME.test(match[1] as string)) {
      found.push({ name: match[1] as string, offset: start, text: match[0] });
    }
    return start + 2;
  }
  const match = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(script.slice(start, start + 80));
  if (!match) return start + 1;
  if (UPPER_NAME.test(match[1] as string))
    found.push({ name: match[1] as string, offset: start, text: match[0] });
  return start + match[0].length;
}

/** Bodies start after the line holding `<<EOF`; an expanding body is read like a "string". */
function readHeredocBodies(
  script: string,
  start: number,
  heredocs: PendingHeredoc[],
  found: VariableReference[],
): number {
  let i = start;
  for (const heredoc of heredocs) {
    while (i < script.length) {
      const end = lineEnd(script, i);
      const line = script.slice(i, end);
      const bare = heredoc.stripTabs ? line.replace(/^\t+/, '') : line;
      if (bare === heredoc.delimiter) {
        i = end + 1;
        break;
      }
      if (heredoc.expands) {
        for (let j = i; j < end; j++) {
          if (script[j] === '\\') j++;
          else if (script[j] === '$') j = readReference(script, j, found) - 1;
        }
      }
      i = end + 1;
    }
  }
  return i;
}

function skipPast(script: string, from: number, quote: string): number {
  const end = script.indexOf(quote, from);
  return end < 0 ? script.length : end + 1;
}

function lineEnd(script: string, from: number): number {
  const end = script.indexOf('\n', from);
  return end < 0 ? script.length : end;
}
