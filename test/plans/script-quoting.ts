// Finds plan variables a bash script expands outside double quotes. Values are data, but an
// unquoted "$HOSTS" is split and globbed by bash, so the bundled plans always write "$NAME".
// A small reader, not a parser: it knows '…', "…", \-escapes, comments and nested $( … ).

type Context = { kind: 'code'; depth: number } | { kind: 'double' };

export function unquotedReferences(script: string, names: ReadonlySet<string>): string[] {
  const found: string[] = [];
  const stack: Context[] = [{ kind: 'code', depth: 0 }];
  let i = 0;
  while (i < script.length) {
    const ch = script[i] as string;
    const top = stack.at(-1) as Context;
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === '$' && script[i + 1] === '(') {
      stack.push({ kind: 'code', depth: 0 });
      i += 2;
      continue;
    }
    if (ch === '$') {
      const name = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)/.exec(script.slice(i, i + 80))?.[1];
      if (name !== undefined && names.has(name) && top.kind === 'code') found.push(name);
      i += 1;
      continue;
    }
    if (top.kind === 'double') {
      if (ch === '"') stack.pop();
      i += 1;
      continue;
    }
    if (ch === "'") {
      const end = script.indexOf("'", i + 1);
      i = end < 0 ? script.length : end + 1;
      continue;
    }
    if (ch === '"') stack.push({ kind: 'double' });
    else if (ch === '#' && (i === 0 || /[\s;(]/.test(script[i - 1] as string))) {
      const end = script.indexOf('\n', i);
      i = end < 0 ? script.length : end;
      continue;
    } else if (ch === '(') top.depth += 1;
    else if (ch === ')') {
      if (top.depth > 0) top.depth -= 1;
      else if (stack.length > 1) stack.pop();
    }
    i += 1;
  }
  return found;
}
