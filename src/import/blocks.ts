// A Markdown runbook as a tree the importer can walk: sections (headings) holding blocks —
// paragraphs, lists (items with their own nested blocks, checklist marks), fenced code, tables
// — each with its 1-based source line. Parsed by markdown-it, whose tokens carry source lines
// (token.map); an unclosed fence is found here, since markdown-it lets it run to the end.
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { UserError } from '../errors.js';

export type Block =
  | { type: 'paragraph'; text: string; line: number }
  | { type: 'list'; ordered: boolean; items: ListItem[]; line: number }
  | { type: 'fence'; info: string; content: string; line: number }
  | { type: 'table'; rows: string[][]; line: number }
  | { type: 'other'; text: string; line: number };

export interface ListItem {
  text: string;
  line: number;
  /** `- [ ] x` / `- [x] x`: a checklist item (checked or not); null for a plain item. */
  checked: boolean | null;
  children: Block[];
}

export interface Section {
  level: number;
  title: string;
  line: number;
  blocks: Block[];
  children: Section[];
}

/** Inline Markdown as plain text: code keeps its backticks, links keep their words. */
function inlineText(token: Token | undefined): string {
  if (!token?.children) return token?.content.trim() ?? '';
  let out = '';
  for (const child of token.children) {
    if (child.type === 'text') out += child.content;
    else if (child.type === 'code_inline') out += `\`${child.content}\``;
    else if (child.type === 'softbreak' || child.type === 'hardbreak') out += ' ';
    else if (child.type === 'image') out += child.content;
  }
  return out.replace(/\s+/g, ' ').trim();
}

const lineOf = (token: Token): number => (token.map?.[0] ?? 0) + 1;

/** Tokens [from, to) of one nesting level → blocks. Returns the index after the last one used. */
function readBlocks(
  tokens: Token[],
  from: number,
  stop: (token: Token) => boolean,
  out: Block[],
  source: string[],
): number {
  let i = from;
  while (i < tokens.length && !stop(tokens[i] as Token)) {
    const token = tokens[i] as Token;
    switch (token.type) {
      case 'paragraph_open':
        out.push({ type: 'paragraph', text: inlineText(tokens[i + 1]), line: lineOf(token) });
        i += 3;
        break;
      case 'bullet_list_open':
      case 'ordered_list_open': {
        const closing = token.type.replace('_open', '_close');
        const list: Block & { type: 'list' } = {
          type: 'list',
          ordered: token.type === 'ordered_list_open',
          items: [],
          line: lineOf(token),
        };
        i += 1;
        while ((tokens[i] as Token).type !== closing) {
          const open = tokens[i] as Token; // list_item_open
          const children: Block[] = [];
          i = readBlocks(
            tokens,
            i + 1,
            (t) => t.type === 'list_item_close' && t.level === open.level,
            children,
            source,
          );
          i += 1;
          const first = children[0];
          let text = first?.type === 'paragraph' ? first.text : '';
          if (first?.type === 'paragraph') children.shift();
          const mark = /^\[([ xX])\]\s+/.exec(text);
          const checked = mark ? mark[1] !== ' ' : null;
          if (mark) text = text.slice(mark[0].length);
          list.items.push({ text, line: lineOf(open), checked, children });
        }
        out.push(list);
        i += 1;
        break;
      }
      case 'fence': {
        checkClosed(token, source);
        out.push({
          type: 'fence',
          info: token.info.trim().split(/\s+/)[0] ?? '',
          content: token.content.replace(/\n$/, ''),
          line: lineOf(token),
        });
        i += 1;
        break;
      }
      case 'code_block':
        out.push({ type: 'fence', info: '', content: token.content.replace(/\n$/, ''), line: lineOf(token) });
        i += 1;
        break;
      case 'table_open': {
        const rows: string[][] = [];
        let row: string[] = [];
        const line = lineOf(token);
        for (i += 1; (tokens[i] as Token).type !== 'table_close'; i++) {
          const t = tokens[i] as Token;
          if (t.type === 'tr_open') row = [];
          else if (t.type === 'inline') row.push(inlineText(t));
          else if (t.type === 'tr_close') rows.push(row);
        }
        out.push({ type: 'table', rows, line });
        i += 1;
        break;
      }
      case 'heading_open':
        return i;
      default: {
        // blockquote, hr, html: kept as text (their inline parts) so nothing is silently lost.
        const text = token.type === 'inline' ? inlineText(token) : token.content.trim();
        if (text) out.push({ type: 'other', text, line: lineOf(token) });
        i += 1;
      }
    }
  }
  return i;
}

/** A fence markdown-it ran to the end of the file because its closing line is missing. */
function checkClosed(token: Token, source: string[]): void {
  const [start, end] = token.map ?? [0, 0];
  const last = (source[end - 1] ?? '').trim();
  const marker = token.markup;
  const closed = end - 1 > start && last.startsWith(marker) && /^[`~]+$/.test(last);
  if (!closed)
    throw new ImportProblem(
      start + 1,
      `this ${marker} fence is never closed; add a line with ${marker} after its last line`,
    );
}

export class ImportProblem extends UserError {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** The runbook as sections; text before the first heading is the root's. */
export function parseRunbook(text: string): Section {
  // CommonMark plus GitHub's tables; raw HTML stays text.
  const md = new MarkdownIt('default', { html: false, linkify: false });
  const tokens = md.parse(text, {});
  const source = text.split('\n');
  const root: Section = { level: 0, title: '', line: 1, blocks: [], children: [] };
  const stack: Section[] = [root];
  let i = readBlocks(tokens, 0, () => false, root.blocks, source);
  while (i < tokens.length) {
    const open = tokens[i] as Token; // heading_open
    const level = Number(open.tag.slice(1));
    const section: Section = {
      level,
      title: inlineText(tokens[i + 1]),
      line: lineOf(open),
      blocks: [],
      children: [],
    };
    while ((stack.at(-1) as Section).level >= level) stack.pop();
    (stack.at(-1) as Section).children.push(section);
    stack.push(section);
    i = readBlocks(tokens, i + 3, () => false, section.blocks, source);
  }
  return root;
}
