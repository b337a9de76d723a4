// Checks on the YAML tree itself, before the schema sees plain data: the root is a map, no key
// appears twice, no custom tags, plain keys only. Duplicate keys matter because YAML would
// silently keep the last one, hiding a step's real command from the reviewer.
import { type Document, isAlias, isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import {
  formatPath,
  isMergeKey,
  type PlanPath,
  type PositionIndex,
  type Problem,
  type SourcePosition,
} from './positions.js';

const PLAIN_TAGS = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'map', 'seq', 'merge'].map((name) => `tag:yaml.org,2002:${name}`),
);

export interface TreeReport {
  problems: Problem[];
  /** The tree cannot become plain data (the root is not a map, a key is a list, an alias dangles). */
  fatal: boolean;
  /** Paths whose value carries an unsupported tag (their type errors would only repeat it). */
  taggedPaths: Set<string>;
  firstAlias: SourcePosition | undefined;
  /** Anchor names seen so far in the walk. */
  anchors: Set<string>;
}

export function inspectTree(doc: Document, index: PositionIndex): TreeReport {
  const report: TreeReport = {
    problems: [],
    fatal: false,
    taggedPaths: new Set(),
    firstAlias: undefined,
    anchors: new Set(),
  };
  const root = doc.contents as Node | null;
  if (!isMap(root)) {
    const what = isSeq(root) ? 'a list' : isAlias(root) ? 'an alias' : 'a single value';
    report.fatal = true;
    report.problems.push({
      ...at(root, index),
      path: 'plan',
      message: `the plan must be a map of keys (id, title, version, language, phases …), not ${what}`,
    });
    return report;
  }
  walk(root, [], index, report, 0);
  return report;
}

function walk(
  node: Node | null,
  path: PlanPath,
  index: PositionIndex,
  report: TreeReport,
  depth: number,
): void {
  if (!node) return;
  if (isAlias(node)) {
    report.firstAlias ??= at(node, index);
    // Anchors are collected in document order, as YAML defines them: cheaper than
    // node.resolve(doc), which walks the whole document for every alias.
    if (!report.anchors.has(node.source)) {
      report.fatal = true;
      report.problems.push({
        ...at(node, index),
        path: formatPath(path),
        message: `the alias *${node.source} has no anchor &${node.source} before it`,
      });
    }
    return;
  }
  if (node.anchor) report.anchors.add(node.anchor);
  const tag = node.tag;
  if (tag && !PLAIN_TAGS.has(tag)) {
    const shown = tag.replace(/^tag:yaml\.org,2002:/, '!!');
    report.problems.push({
      ...at(node, index),
      path: formatPath(path),
      message: `unsupported tag "${shown}"; a plan uses plain YAML values`,
    });
    report.taggedPaths.add(formatPath(path));
  }
  if (depth > 64) {
    report.problems.push({
      ...at(node, index),
      path: formatPath(path),
      message: 'nested more than 64 levels deep',
    });
    return;
  }
  if (isSeq(node)) {
    node.items.forEach((item, i) => {
      walk(item as Node | null, [...path, i], index, report, depth + 1);
    });
  } else if (isMap(node)) {
    const seen = new Map<string, SourcePosition>();
    for (const pair of node.items as Pair[]) {
      const key = pair.key as Node | null;
      if (!isScalar(key) || (key.value !== null && typeof key.value === 'object')) {
        report.fatal = true;
        report.problems.push({
          ...at(key ?? node, index),
          path: formatPath(path),
          message: 'a key must be a plain name, not a list or a map',
        });
        continue;
      }
      const name = isMergeKey(key) ? '<<' : String(key.value);
      const where = at(key, index);
      const first = seen.get(name);
      if (first && name !== '<<') {
        report.problems.push({
          ...where,
          path: formatPath([...path, name]),
          message: `the key "${name}" appears twice in the same map (first at line ${first.line}); YAML would keep only the last`,
        });
      } else seen.set(name, where);
      walk(pair.value as Node | null, [...path, name], index, report, depth + 1);
    }
  }
}

function at(node: Node | null, index: PositionIndex): SourcePosition {
  const offset = node?.range?.[0] ?? 0;
  return index.position(offset);
}
