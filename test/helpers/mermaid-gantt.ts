// Mermaid's own gantt grammar (the jison parser and the gantt database shipped in the mermaid
// package, the code GitHub and GitLab render with), used offline to check the report's gantt
// blocks: a block parses, and its tasks come out with the dates and tags we wrote.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface GanttTask {
  task: string;
  section: string;
  startTime: Date;
  endTime: Date;
  classes: string[];
  done: boolean;
  active: boolean;
  crit: boolean;
}

interface GanttDiagram {
  parser: { parse(text: string): void; yy: unknown };
  db: {
    clear(): void;
    getTasks(): {
      task: string;
      section: string;
      startTime: Date;
      endTime: Date;
      classes: string[];
      done?: boolean;
      active?: boolean;
      crit?: boolean;
    }[];
  };
}

let diagram: GanttDiagram | null = null;

async function load(): Promise<GanttDiagram> {
  if (diagram) return diagram;
  const require = createRequire(import.meta.url);
  const dist = path.dirname(require.resolve('mermaid/package.json'));
  const dir = path.join(dist, 'dist', 'chunks', 'mermaid.core');
  const file = fs.readdirSync(dir).find((name) => /^ganttDiagram-[A-Z0-9]+\.mjs$/.test(name));
  if (!file) throw new Error(`no gantt diagram chunk in ${dir}`);
  const module = (await import(pathToFileURL(path.join(dir, file)).href)) as { diagram: GanttDiagram };
  diagram = module.diagram;
  diagram.parser.yy = diagram.db;
  return diagram;
}

/** The tasks Mermaid reads from a gantt block's text (without the fences; task texts trimmed); throws on errors. */
export async function parseGantt(text: string): Promise<GanttTask[]> {
  const { parser, db } = await load();
  db.clear();
  parser.parse(text);
  return db.getTasks().map((task) => ({
    task: task.task.trim(),
    section: task.section,
    startTime: task.startTime,
    endTime: task.endTime,
    classes: task.classes,
    done: Boolean(task.done),
    active: Boolean(task.active),
    crit: Boolean(task.crit),
  }));
}

/** The text inside the first ```mermaid fence of a Markdown document. */
export function mermaidBlock(markdown: string): string {
  const match = /```mermaid\n([\s\S]*?)\n```/.exec(markdown);
  if (!match?.[1]) throw new Error('no mermaid block');
  return match[1];
}
