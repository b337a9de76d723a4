// `npm run lint` runs dependency-cruiser with this file: every import in src/ (type-only and
// dynamic ones too) must go down the layers of layers.cjs or stay in its own layer, and must
// resolve (an import the tool cannot follow would pass every rule unseen).
const layers = require('./layers.cjs');

const levelOf = (layer) => layer.level ?? layer.name;
const levels = [...new Set(layers.map(levelOf))];
const anyOf = (paths) => `^(${paths.join('|')})`;

const upward = layers.flatMap((layer) => {
  const level = levels.indexOf(levelOf(layer));
  const above = layers.filter((other) => levels.indexOf(levelOf(other)) > level);
  const siblings = layers.filter((other) => other !== layer && levelOf(other) === levelOf(layer));
  const rules = [];
  if (above.length > 0) {
    rules.push({
      name: `${layer.name}-imports-upward`,
      comment: `${layer.name} may import only ${levels.slice(0, level + 1).join(', ')} (README: Architecture)`,
      severity: 'error',
      from: { path: anyOf(layer.paths) },
      to: { path: anyOf(above.flatMap((other) => other.paths)) },
    });
  }
  if (siblings.length > 0) {
    rules.push({
      name: `${layer.name}-imports-sibling`,
      comment: `${layer.name} and ${siblings.map((s) => s.name).join(', ')} are siblings: neither imports the other`,
      severity: 'error',
      from: { path: anyOf(layer.paths) },
      to: { path: anyOf(siblings.flatMap((other) => other.paths)) },
    });
  }
  return rules;
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'outside-the-layers',
      comment: 'every module of src/ belongs to a layer of test/layers/layers.cjs',
      severity: 'error',
      from: { path: '^src/', pathNot: anyOf(layers.flatMap((layer) => layer.paths)) },
      to: {},
    },
    {
      name: 'not-to-unresolvable',
      comment: 'an import that does not resolve would escape the rules above',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.d\\.ts$' },
    // ESM-only packages (ink, conf) resolve through their "exports" import condition.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
