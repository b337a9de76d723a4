// Reads the seed release document (Markdown) into its numbered items, so the coverage test
// derives what the plan must cover from the document itself instead of a hand-kept list.
//
//   ## 4. День релиза            → section "4"
//   ### 3.1. Проверка …           → subsection "3.1"
//   1. За 7 дней …                → item "3.1.1" (under the current heading)
//      1. `git fetch …`           → nested item "4.5.1" (indentation decides the parent)
//      - bullet / continuation    → text of the item above it

export interface SeedItem {
  /** Section number as the plan's `source` writes it without "§": "4.5.3", "7". */
  id: string;
  /** The heading or item text, with its bullets and continuation lines. */
  text: string;
  parent: string | null;
  /** 1-based line of the heading or item in the document. */
  line: number;
}

const SECTION = /^##\s+(\d+)\.\s+(.*)$/;
const SUBSECTION = /^###\s+(\d+(?:\.\d+)+)\.?\s+(.*)$/;
const NUMBERED = /^(\s*)(\d+)\.\s+(.*)$/;

export function parseSeed(markdown: string): SeedItem[] {
  const items: SeedItem[] = [];
  let heading: SeedItem | null = null;
  /** Open numbered items, outermost first, with the indentation of their marker. */
  let open: { indent: number; item: SeedItem }[] = [];
  markdown.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\s+$/, '');
    const section = SECTION.exec(line);
    const subsection = SUBSECTION.exec(line);
    if (section || subsection) {
      const [, id, title] = (section ?? subsection) as RegExpExecArray;
      const parent = section ? null : (id as string).split('.').slice(0, -1).join('.');
      heading = { id: id as string, text: title as string, parent, line: index + 1 };
      items.push(heading);
      open = [];
      return;
    }
    if (heading === null || line.trim() === '') return;
    const numbered = NUMBERED.exec(line);
    if (numbered) {
      const indent = (numbered[1] as string).length;
      while (open.length > 0 && (open.at(-1) as { indent: number }).indent >= indent) open.pop();
      const parent = open.at(-1)?.item ?? heading;
      const item = {
        id: `${parent.id}.${numbered[2]}`,
        text: numbered[3] as string,
        parent: parent.id,
        line: index + 1,
      };
      items.push(item);
      open.push({ indent, item });
      return;
    }
    const owner = /^\s/.test(line) && open.length > 0 ? (open.at(-1) as { item: SeedItem }).item : heading;
    owner.text += `\n${line.trim()}`;
  });
  return items;
}

/** Items nothing else is nested under: what steps must cover (a parent is covered through them). */
export function leafItems(items: SeedItem[]): SeedItem[] {
  const parents = new Set(items.map((item) => item.parent));
  return items.filter((item) => !parents.has(item.id));
}

/** Whether `id` lies in sections `from`..`to` (top-level numbers). */
export function inSections(id: string, from: number, to: number): boolean {
  const top = Number(id.split('.')[0]);
  return top >= from && top <= to;
}

/** Inline code spans (`…`) of a text. */
export function codeSpans(text: string): string[] {
  return [...text.matchAll(/`([^`\n]+)`/g)].map((match) => match[1] as string);
}
