// Where a plan path (["phases", 2, "steps", 0, "run"]) stands in the YAML source, so every
// problem can say FILE:LINE:COL. Works on the parsed document, following aliases and merge keys.
import { type Document, isAlias, isMap, isScalar, isSeq, type LineCounter, type Node, type Pair } from 'yaml';

export type PlanPath = readonly (string | number)[];

/** What a problem points at: the value at the path, its key (unknown keys), or the map holding it. */
export type Target = 'value' | 'key' | 'parent';

/** One problem, placed: line and col are 1-based; path and position are absent for file-wide ones. */
export interface Problem {
  line?: number;
  col?: number;
  /** `phases[2].steps[0].run`. */
  path?: string;
  message: string;
}

export interface SourcePosition {
  line: number;
  col: number;
}

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `phases[2].steps[0].run`; the root is `plan`; odd keys are quoted: `env["A B"]`. */
export function formatPath(path: PlanPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text === '' ? 'plan' : text;
}

interface Located {
  node: Node | null;
  key: Node | null;
  /** The deepest node found on the way, for paths that do not exist in the source. */
  nearest: Node | null;
  complete: boolean;
}

export class PositionIndex {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
    private readonly text: string,
  ) {}

  /** 1-based line and column of the node at `path`; `needle` narrows it to a text inside. */
  locate(path: PlanPath, target: Target = 'value', needle?: string): SourcePosition {
    const where = this.find(target === 'parent' ? path.slice(0, -1) : path);
    let node: Node | null = where.complete ? where.node : where.nearest;
    if (target === 'key' && where.complete && where.key) node = where.key;
    if (node && !hasRange(node) && where.key) node = where.key;
    const start = node && hasRange(node) ? node.range[0] : 0;
    let offset = start;
    if (needle && node && hasRange(node) && where.complete && target === 'value') {
      const index = this.text.slice(start, node.range[1]).indexOf(needle);
      if (index >= 0) offset = start + index;
    }
    return this.position(offset);
  }

  position(offset: number): SourcePosition {
    const { line, col } = this.lines.linePos(offset);
    return { line, col };
  }

  private find(path: PlanPath): Located {
    let node = this.resolve(this.doc.contents as Node | null);
    let key: Node | null = null;
    let nearest = node;
    for (const segment of path) {
      let next: { value: Node | null; key: Node | null } | undefined;
      if (typeof segment === 'number' && isSeq(node)) {
        const item = node.items[segment] as Node | undefined;
        next = item === undefined ? undefined : { value: this.resolve(item), key: null };
      } else if (isMap(node)) {
        const pair = this.findPair(node.items as Pair[], String(segment), 0);
        next = pair ? { value: this.resolve(pair.value as Node | null), key: pair.key as Node } : undefined;
      }
      if (!next) return { node: null, key: null, nearest, complete: false };
      node = next.value;
      key = next.key;
      if (node && hasRange(node)) nearest = node;
      else if (key) nearest = key;
    }
    return { node, key, nearest, complete: true };
  }

  /** A pair by key; the last one wins as in toJS, then keys brought in by `<<: *anchor`. */
  private findPair(pairs: Pair[], name: string, depth: number): Pair | undefined {
    if (depth > 8) return undefined;
    for (let i = pairs.length - 1; i >= 0; i--) {
      const pair = pairs[i] as Pair;
      if (isScalar(pair.key) && !isMergeKey(pair.key) && String(pair.key.value) === name) return pair;
    }
    for (const pair of pairs) {
      if (!isMergeKey(pair.key)) continue;
      const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
      for (const source of sources) {
        const map = this.resolve(source as Node | null);
        if (!isMap(map)) continue;
        const found = this.findPair(map.items as Pair[], name, depth + 1);
        if (found) return found;
      }
    }
    return undefined;
  }

  private resolve(node: Node | null | undefined): Node | null {
    let current = node ?? null;
    for (let hops = 0; hops < 16 && isAlias(current); hops++) {
      current = (current.resolve(this.doc) as Node | undefined) ?? null;
    }
    return current;
  }
}

/** `<<` in a map: yaml gives it a symbol value when merge keys are on. */
export function isMergeKey(key: unknown): boolean {
  return isScalar(key) && (key.value === '<<' || typeof key.value === 'symbol');
}

function hasRange(node: Node): node is Node & { range: [number, number, number] } {
  return Array.isArray(node.range) && node.range[1] > node.range[0];
}
